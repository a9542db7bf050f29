/** The codec server of the Temporal Web UI, inside the approvers' desk: its routes, who may decode what, the wire format. */
export { coveredPlaces, judgeDecode, type DecodeRefusal, type DecodeVerdict } from './authorise';
export { CodecOrigins, originOf } from './origins';
export { registerCodecRoutes, type CodecServerOptions } from './routes';
export { codecBodySchema, fromWire, MAX_PAYLOADS, toWire, type CodecBody } from './wire';

/** Where the codec endpoint is mounted in the desk: the Web UI is given `<desk>/codec` and calls /decode and /encode under it. */
export const CODEC_PATH = '/codec';
