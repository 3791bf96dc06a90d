/**
 * The bytes of an outbound picture. The payload carries base64, which decodes leniently; checking the
 * PNG signature here turns a broken picture into an unsendable message (never retried) instead of an
 * upload every platform refuses again on each retry.
 */
import type { OutboundImage } from "../../src/outbox/payload.js";
import { RejectedSendError } from "../../src/outbox/sender.js";

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pictureBytes(image: OutboundImage): Buffer {
  const data = Buffer.from(image.pngBase64, "base64");
  if (data.length <= pngSignature.length || !data.subarray(0, pngSignature.length).equals(pngSignature)) {
    // The file name is made to carry no person, so it is safe in an error message.
    throw new RejectedSendError(`picture ${image.fileName} is not a PNG`);
  }
  return data;
}
