/**
 * Looking at netlink bytes through a family's schema: the walker (a tree of named nodes with
 * offsets, even for input the decoder rejects), its text/JSON/libmnl renderings, and the tracer
 * (a SessionObserver printing every datagram). Part of the core: it knows codecs, not families.
 */
export * from './walk.js';
export * from './values.js';
export * from './datagram.js';
export * from './format.js';
export * from './trace.js';
