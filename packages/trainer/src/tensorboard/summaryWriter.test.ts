import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';
import { decodeEvent, encodeEvent } from './eventProto.js';
import { SummaryWriter, readEventFiles } from './summaryWriter.js';
import { frameRecord, readRecords } from './tfrecord.js';

describe('crc32c', () => {
  it('matches the published check values', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    // RFC 3720 B.4: 32 bytes of zeros.
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });
  it('masks as TensorFlow does: rotate right 15, add 0xa282ead8', () => {
    const crc = crc32c(new Uint8Array([1, 2, 3]));
    expect(maskedCrc32c(new Uint8Array([1, 2, 3]))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
});

describe('Event protobuf', () => {
  it('encodes the field layout of event.proto', () => {
    const bytes = encodeEvent({ wallTime: 1, step: 3, scalars: [{ tag: 'a', value: 0.5 }] });
    // wall_time: field 1 fixed64 (0x09) + 8 bytes; step: field 2 varint (0x10) 3; summary: field 5 bytes (0x2a).
    expect([...bytes.subarray(0, 1)]).toEqual([0x09]);
    expect([...bytes.subarray(9, 11)]).toEqual([0x10, 3]);
    expect(bytes[11]).toBe(0x2a);
    // Summary.value (0x0a) { tag (0x0a) "a", simple_value (0x15) float 0.5 }
    expect([...bytes.subarray(13)]).toEqual([0x0a, 8, 0x0a, 1, 0x61, 0x15, 0, 0, 0, 0x3f]);
  });
  it('round-trips events, large steps included', () => {
    const event = { wallTime: 1700000000.25, step: 2 ** 40 + 7, scalars: [{ tag: 'epoch_loss', value: 0.25 }, { tag: 'dice', value: 1 }] };
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });
});

describe('TFRecord + SummaryWriter', () => {
  it('frames records that read back with valid CRCs', () => {
    const records = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(7)];
    const file = new Uint8Array(records.flatMap((r) => [...frameRecord(r)]));
    expect(readRecords(file)).toEqual(records);
    file[13] = file[13]! ^ 1;
    expect(() => readRecords(file)).toThrow(/CRC mismatch/);
  });
  it('writes a file_version event then one event per scalars() call', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maskflow-tb-'));
    const writer = new SummaryWriter(join(dir, 'train'));
    writer.scalars(1, { epoch_loss: 0.5, epoch_dice_coeff: 0.75 });
    writer.scalars(2, { epoch_loss: 0.25, epoch_dice_coeff: 0.875 });
    expect(readdirSync(join(dir, 'train'))[0]).toMatch(/^events\.out\.tfevents\.\d+\./);
    const events = readEventFiles(join(dir, 'train'));
    expect(events[0]?.fileVersion).toBe('brain.Event:2');
    expect(events.slice(1).map((e) => [e.step, e.scalars])).toEqual([
      [1, [{ tag: 'epoch_loss', value: 0.5 }, { tag: 'epoch_dice_coeff', value: 0.75 }]],
      [2, [{ tag: 'epoch_loss', value: 0.25 }, { tag: 'epoch_dice_coeff', value: 0.875 }]],
    ]);
    // A truncated tail (process killed mid-write) is detected, not silently misread.
    const bytes = readFileSync(writer.file);
    writeFileSync(writer.file, bytes.subarray(0, bytes.length - 3));
    expect(() => readEventFiles(join(dir, 'train'))).toThrow(/truncated/);
  });
});
