/** Account field limits shared by the gateway validation and the console prompts. */
export const PASSWORD_LENGTH_MIN = 10;
export const PASSWORD_LENGTH_MAX = 128;
export const DISPLAY_NAME_LENGTH_MAX = 80;
export const EMAIL_LENGTH_MAX = 254;
export const QUERY_LENGTH_MAX = 60;
/** Upper bound of one gateway frame, in characters of its JSON text. */
export const GATEWAY_FRAME_LENGTH_MAX = 64 * 1024;
