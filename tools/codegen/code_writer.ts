/**
 * A tiny indentation-aware line builder for generated TypeScript.
 *
 * @module
 */

/**
 * Collects lines with two-space indentation.
 *
 * @example
 * ```ts
 * const c = new CodeWriter();
 * c.open("if (x) {");
 * c.line("y();");
 * c.close();
 * c.toString(); // "if (x) {\n  y();\n}\n"
 * ```
 */
export class CodeWriter {
  #lines: string[] = [];
  #depth = 0;

  /** Append one line at the current depth (an empty call adds a blank line). */
  line(text = ""): void {
    this.#lines.push(text === "" ? "" : "  ".repeat(this.#depth) + text);
  }

  /** Append several lines at the current depth. */
  lines(texts: readonly string[]): void {
    for (const t of texts) this.line(t);
  }

  /** Append a line and indent what follows. */
  open(text: string): void {
    this.line(text);
    this.#depth++;
  }

  /** Dedent and append a closing line. */
  close(text = "}"): void {
    this.#depth--;
    if (this.#depth < 0) throw new Error("CodeWriter: unbalanced close()");
    this.line(text);
  }

  /** Dedent, append a line such as `} else {`, and indent again. */
  reopen(text: string): void {
    this.#depth--;
    this.line(text);
    this.#depth++;
  }

  /** A JSDoc block; long text is wrapped at roughly 96 columns. */
  doc(text: string): void {
    const words = text.replace(/\s+/g, " ").replace(/\*\//g, "*\\/").trim().split(" ");
    const rows: string[] = [];
    let row = "";
    for (const word of words) {
      if (row !== "" && row.length + word.length + 1 > 90 - 2 * this.#depth) {
        rows.push(row);
        row = word;
      } else {
        row = row === "" ? word : `${row} ${word}`;
      }
    }
    if (row !== "") rows.push(row);
    const first = rows[0];
    if (rows.length === 1 && first !== undefined) {
      this.line(`/** ${first} */`);
      return;
    }
    this.line("/**");
    for (const r of rows) this.line(` * ${r}`);
    this.line(" */");
  }

  /** Number of lines so far, to pass to {@link renameUnused}. */
  get size(): number {
    return this.#lines.length;
  }

  /**
   * Rename the identifier `name` to `_name` in the line at `at` (a signature) when no later
   * line mentions it, so unused parameters pass the linter.
   */
  renameUnused(at: number, name: string): void {
    const re = new RegExp(`\\b${name}\\b`);
    if (this.#lines.slice(at + 1).some((l) => re.test(l))) return;
    const line = this.#lines[at];
    if (line !== undefined) this.#lines[at] = line.replace(re, `_${name}`);
  }

  /** The text, ending with one newline. */
  toString(): string {
    if (this.#depth !== 0) throw new Error("CodeWriter: unclosed block");
    return this.#lines.join("\n") + "\n";
  }
}
