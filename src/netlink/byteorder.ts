/**
 * Netlink headers and integer attributes are in host byte order (addresses and a few protocol
 * fields are big-endian by definition). Everything that reads or writes integers takes an
 * explicit `littleEndian` flag whose default is the host's, so tests can force big-endian.
 */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Options shared by encoders and decoders. */
export interface ByteOrderOptions {
  /** Byte order of nlmsghdr, family headers and integer attributes. Default: the host's. */
  littleEndian?: boolean;
}
