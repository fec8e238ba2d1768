/**
 * CRC-32C (Castagnoli), the checksum of TFRecord files, and TensorFlow's "masked" form of it.
 * Table-driven, reflected polynomial 0x82F63B78 (RFC 3720, appendix B.4).
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C of `bytes` (crc32c("123456789") = 0xE3069283). */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * TensorFlow's masked CRC (tensorflow/core/lib/hash/crc32c.h): rotate right by 15 and add a
 * constant, so CRCs of data that itself holds CRCs stay well distributed.
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
