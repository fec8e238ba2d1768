/**
 * TFRecord framing: each record is
 *   uint64 length (little endian) | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)
 */
import { maskedCrc32c } from './crc32c.js';

/** One record framed for a TFRecord file. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Split a TFRecord file into its records, checking both CRCs of each (throws RangeError if damaged). */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new RangeError(`TFRecord header truncated at byte ${at}`);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc32c(file.subarray(at, at + 8))) {
      throw new RangeError(`TFRecord length CRC mismatch at byte ${at}`);
    }
    const end = at + 12 + length;
    if (end + 4 > file.length) throw new RangeError(`TFRecord data truncated at byte ${at}`);
    const data = file.subarray(at + 12, end);
    if (view.getUint32(end, true) !== maskedCrc32c(data)) throw new RangeError(`TFRecord data CRC mismatch at byte ${at}`);
    records.push(data);
    at = end + 4;
  }
  return records;
}
