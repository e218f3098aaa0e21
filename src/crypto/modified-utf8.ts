/**
 * Java's "modified UTF-8" (DataOutputStream.writeUTF without the length): like UTF-8, except that
 * U+0000 takes two bytes (C0 80) and each UTF-16 surrogate is encoded on its own in three bytes.
 * Concord writes usernames this way, so stored payloads must too.
 */
export function encodeModifiedUtf8(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x01 && unit <= 0x7f) {
      bytes.push(unit);
    } else if (unit <= 0x7ff) {
      bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    } else {
      bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    }
  }
  return Buffer.from(bytes);
}

/** The inverse, with DataInputStream.readUTF's checks; throws on malformed input. */
export function decodeModifiedUtf8(bytes: Buffer): string {
  const units: number[] = [];
  let i = 0;
  const continuation = (at: number): number => {
    const byte = bytes[at];
    if (byte === undefined || (byte & 0xc0) !== 0x80) throw new Error(`Malformed modified UTF-8 at byte ${at}`);
    return byte & 0x3f;
  };
  while (i < bytes.length) {
    const lead = bytes[i];
    switch (lead >> 4) {
      case 0x0:
      case 0x1:
      case 0x2:
      case 0x3:
      case 0x4:
      case 0x5:
      case 0x6:
      case 0x7:
        units.push(lead);
        i += 1;
        break;
      case 0xc:
      case 0xd:
        units.push(((lead & 0x1f) << 6) | continuation(i + 1));
        i += 2;
        break;
      case 0xe:
        units.push(((lead & 0x0f) << 12) | (continuation(i + 1) << 6) | continuation(i + 2));
        i += 3;
        break;
      default:
        throw new Error(`Malformed modified UTF-8 at byte ${i}`);
    }
  }
  let text = '';
  // Chunked so a long username cannot overflow fromCharCode's argument list.
  for (let start = 0; start < units.length; start += 4096) {
    text += String.fromCharCode(...units.slice(start, start + 4096));
  }
  return text;
}
