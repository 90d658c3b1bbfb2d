/** Identity of this node's vector clock. */
export interface VectorClockOptions {
  /** Own airline code: the entry this node ticks. */
  self: string;
}

export const VECTOR_CLOCK_OPTIONS = Symbol('VectorClockOptions');
