/** ingress and clsact: no options (the kernel dumps an empty TCA_OPTIONS nest); mq likewise. */
import { attrs } from '../../../netlink/schema.js';
import { tcKinds } from '../schema.js';

/** The empty option set of ingress, clsact and mq (anything a newer kernel adds stays in `unknown`). */
export const noOptions = attrs('TCA_NOOPT_', {}, 'no options');
for (const kind of ['ingress', 'clsact', 'mq'] as const) tcKinds.register(kind, noOptions);

declare module '../schema.js' {
  interface TcKindCodecs {
    ingress: typeof noOptions;
    clsact: typeof noOptions;
    mq: typeof noOptions;
  }
}
