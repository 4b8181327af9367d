/** An invariant a fuzz input broke. */
export type ViolationKind = "exception" | "unanswered" | "not-closed" | "log" | "memory" | "protocol";

export class Violation extends Error {
  override readonly name = "Violation";
  constructor(readonly kind: ViolationKind, message: string) {
    super(`${kind}: ${message}`);
  }
}
