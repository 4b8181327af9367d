/**
 * The topic name of a connection's previous PUBLISH, kept as bytes and string: a device
 * publishes to the same topic again and again, and comparing a few bytes is much cheaper
 * than a strict UTF-8 decode per message (an op call on Deno).
 *
 * @module
 */

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Topics longer than this are decoded every time (not worth keeping a copy). */
const MAX_REMEMBERED = 256;

/** Decodes topic names, remembering the last one. */
export class TopicMemo {
  #bytes: Uint8Array = new Uint8Array(0);
  #topic: string | undefined;

  /**
   * The topic in `frame[start, end)`, or undefined when the bytes are not well-formed UTF-8
   * or contain U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2] (the caller's full parser reports it).
   */
  decode(frame: Uint8Array, start: number, end: number): string | undefined {
    const length = end - start;
    const last = this.#bytes;
    if (this.#topic !== undefined && last.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[i] !== frame[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.#topic;
    }
    let topic: string;
    try {
      topic = strictUtf8.decode(frame.subarray(start, end));
    } catch {
      return undefined;
    }
    if (topic.includes("\u0000")) return undefined;
    if (length <= MAX_REMEMBERED) {
      this.#bytes = frame.slice(start, end);
      this.#topic = topic;
    }
    return topic;
  }
}
