/**
 * Hand-encoded TensorBoard `Event` protobufs (tensorflow/core/util/event.proto), only the fields a
 * scalar log needs:
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }
 *   Value   { string tag = 1; float simple_value = 2; }
 */

/** One decoded or to-be-encoded event. */
export interface TbEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars?: { tag: string; value: number }[];
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** Growable byte buffer with protobuf primitives. */
class ProtoWriter {
  private bytes: number[] = [];
  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }
  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  double(value: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.bytes.push(...b);
  }
  float(value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.bytes.push(...b);
  }
  lengthDelimited(data: Uint8Array): void {
    this.varint(data.length);
    this.bytes.push(...data);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Serialize one Event. */
export function encodeEvent(event: TbEvent): Uint8Array {
  const w = new ProtoWriter();
  w.tag(1, WIRE_FIXED64);
  w.double(event.wallTime);
  if (event.step !== 0) {
    w.tag(2, WIRE_VARINT);
    w.varint(event.step);
  }
  if (event.fileVersion !== undefined) {
    w.tag(3, WIRE_BYTES);
    w.lengthDelimited(new TextEncoder().encode(event.fileVersion));
  }
  if (event.scalars && event.scalars.length > 0) {
    const summary = new ProtoWriter();
    for (const { tag, value } of event.scalars) {
      const v = new ProtoWriter();
      v.tag(1, WIRE_BYTES);
      v.lengthDelimited(new TextEncoder().encode(tag));
      v.tag(2, WIRE_FIXED32);
      v.float(value);
      summary.tag(1, WIRE_BYTES);
      summary.lengthDelimited(v.finish());
    }
    w.tag(5, WIRE_BYTES);
    w.lengthDelimited(summary.finish());
  }
  return w.finish();
}

/** Walk the fields of one message: (field number, wire type, value or payload). */
function* fields(bytes: Uint8Array): Generator<[number, number, bigint | Uint8Array]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= bytes.length) throw new RangeError('protobuf varint runs past the end of the message');
      const b = bytes[at++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  const take = (n: number): Uint8Array => {
    const start = at;
    at += n;
    return bytes.subarray(start, at);
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === WIRE_VARINT) yield [field, wire, varint()];
    else if (wire === WIRE_FIXED64) yield [field, wire, take(8)];
    else if (wire === WIRE_FIXED32) yield [field, wire, take(4)];
    else if (wire === WIRE_BYTES) yield [field, wire, take(Number(varint()))];
    else throw new RangeError(`unsupported protobuf wire type ${wire} at byte ${at} (${view.byteLength} bytes)`);
  }
}

const asBytes = (v: bigint | Uint8Array): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array());
const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Parse one Event (the fields above; others are skipped). */
export function decodeEvent(bytes: Uint8Array): TbEvent {
  const event: TbEvent = { wallTime: 0, step: 0 };
  for (const [field, , value] of fields(bytes)) {
    if (field === 1) event.wallTime = dv(asBytes(value)).getFloat64(0, true);
    else if (field === 2) event.step = Number(BigInt.asIntN(64, value as bigint));
    else if (field === 3) event.fileVersion = new TextDecoder().decode(asBytes(value));
    else if (field === 5) {
      event.scalars ??= [];
      for (const [sf, , sv] of fields(asBytes(value))) {
        if (sf !== 1) continue;
        const scalar = { tag: '', value: NaN };
        for (const [vf, , vv] of fields(asBytes(sv))) {
          if (vf === 1) scalar.tag = new TextDecoder().decode(asBytes(vv));
          else if (vf === 2) scalar.value = dv(asBytes(vv)).getFloat32(0, true);
        }
        event.scalars.push(scalar);
      }
    }
  }
  return event;
}
