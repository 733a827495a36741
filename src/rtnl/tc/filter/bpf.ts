/** bpf (cls_bpf): TCA_BPF_*. A program is given by fd (TCA_BPF_FD) plus a name, or as classic BPF ops. */
import { attrs } from '../../../netlink/schema.js';
import { binary, u16, u32 } from '../../../netlink/types.js';
import { policeAttrs } from '../action/police.js';
import { actionList, tcKinds } from '../schema.js';

/** TCA_BPF_FLAG_ACT_DIRECT: the program's return value is the verdict (`da`). */
export const TCA_BPF_FLAG_ACT_DIRECT = 1;

/** TCA_BPF_*: the options of the bpf filter, which runs a BPF program (`bpf obj F sec S [da]`). */
export const bpfAttrs = attrs('TCA_BPF_', {
  classid: [3, 'CLASSID', u32],
  opsLen: [4, 'OPS_LEN', u16],
  ops: [5, 'OPS', binary],
  fd: [6, 'FD', u32],
  name: [7, 'NAME', binary],
  flags: [8, 'FLAGS', u32],
  flagsGen: [9, 'FLAGS_GEN', u32],
  tag: [10, 'TAG', binary],
  id: [11, 'ID', u32],
  act: [1, 'ACT', actionList],
  police: [2, 'POLICE', policeAttrs],
});
tcKinds.register('bpf', bpfAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    bpf: typeof bpfAttrs;
  }
}
