/** pure-tc's fw filter (iproute2 tc/f_fw.c): handle HANDLE[/MASK], classid, indev, actions; fw_print_opt. */
import { CommandFailed } from '../../errors.js';
import type { Args } from '../../args.js';
import { fwAttrs } from '../../../rtnl/tc/index.js';
import { formatClassid, parseClassid } from '../../../api/tc.js';
import { OrderedAttrs } from '../ordered.js';
import { filterActions } from '../action.js';
import { cUnsigned } from '../kinds/fq-codel.js';
import type { FilterCli } from '../filter.js';
import type { Printer } from '../../format/printer.js';
import type { ActionAttrs } from '../../../rtnl/tc/schema.js';
import { printActions } from '../action-print.js';
import type { FilterPrinter } from '../filter-show.js';

const EXPLAIN = `Usage: ... fw [ classid CLASSID ] [ indev DEV ] [ action ACTION_SPEC ]
	CLASSID := Push matching packets to the class identified by CLASSID with format X:Y
		CLASSID is parsed as hexadecimal input.
	DEV := specify device for incoming device classification.
	ACTION_SPEC := Apply an action on matching packets.
	NOTE: handle is represented as HANDLE[/FWMASK].
		FWMASK is 0xffffffff by default.
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};

export const fwCli: FilterCli = {
  async parse(args: Args, handle, header, index) {
    let mask: number | undefined;
    if (handle !== undefined) {
      const [h, m] = handle.split('/', 2) as [string, string | undefined];
      header.handle = cUnsigned(h, 0xffffffff) ?? fail('Illegal "handle"\n');
      if (m !== undefined) mask = cUnsigned(m, 0xffffffff) ?? fail('Illegal "handle" mask\n');
    }
    if (!args.more) return undefined;
    const o = new OrderedAttrs(fwAttrs);
    if (mask !== undefined) o.add('mask', mask);
    while (args.more) {
      const a = args.cur;
      if (a !== '' && ('classid'.startsWith(a) || 'flowid'.startsWith(a))) {
        const c = parseClassid(args.next());
        if (c === undefined) fail('Illegal "classid"\n');
        o.add('classid', c);
      } else if (a !== '' && 'police'.startsWith(a)) {
        fail('pure-tc: "police" is not supported yet\n');
      } else if (a !== '' && 'action'.startsWith(a)) {
        args.next();
        o.add('act', await filterActions(args, index, fail, 'Illegal fw "action"\n'));
        continue;
      } else if (a === 'indev') {
        args.shift();
        if (!args.more) fail('Illegal indev\n');
        o.add('indev', args.cur.slice(0, 16));
      } else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
      args.shift();
    }
    return o.done();
  },
};

/**
 * fw_print_opt. tc 6.1 writes it with fprintf, so even under -j the words land as text in the
 * JSON stream (rawOut); only the actions are JSON. TCA_FW_POLICE (the old police form) is not
 * printed: pure-tc names it instead.
 */
export const printFw: FilterPrinter = (p: Printer, o, handle, ctx) => {
  const mask = o.mask === undefined ? undefined : Number(o.mask) >>> 0;
  if (handle || mask !== undefined) {
    if (mask !== undefined && mask !== 0xffffffff) p.rawOut(`handle 0x${(handle >>> 0).toString(16)}/0x${mask.toString(16)} `);
    else p.rawOut(`handle 0x${(handle >>> 0).toString(16)} `);
  }
  if (o.classid !== undefined) p.rawOut(`classid ${formatClassid(Number(o.classid))} `);
  if (o.police !== undefined) p.rawOut('[pure-tc cannot print the fw police] ');
  if (o.indev !== undefined) p.rawOut(`input dev ${String(o.indev)} `);
  if (o.act !== undefined) {
    p.rawOut('\n');
    printActions(p, o.act as ActionAttrs[], ctx);
  }
};
