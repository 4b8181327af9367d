/**
 * Structured logging: one JSON object per line (or a readable line for terminals).
 *
 * Every module takes a {@link Logger} as an argument; `child()` adds fixed fields such as the
 * component name, so a line says where it came from without string concatenation.
 *
 * @module
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level: LogLevel;
  format: "json" | "text";
  /** Where finished lines go (a runtime's `writeStderr`, or an array in tests). */
  sink: (line: string) => void;
  now?: () => number;
}

/** Create a logger writing to `options.sink`. */
export function createLogger(options: LoggerOptions, fields: LogFields = {}): Logger {
  const minRank = levelRank[options.level];
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, message: string, extra?: LogFields) => {
    if (levelRank[level] < minRank) return;
    const merged = extra ? { ...fields, ...extra } : fields;
    const time = new Date(now()).toISOString();
    // Logging never fails its caller: a throwing sink or an unserializable field drops the line.
    try {
      options.sink(
        options.format === "json"
          ? JSON.stringify({ time, level, msg: message, ...serializable(merged) }) + "\n"
          : formatText(time, level, message, merged),
      );
    } catch {
      // the line is lost; the broker goes on
    }
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (more) => createLogger(options, { ...fields, ...more }),
  };
}

/** A logger that drops everything (tests, library use without logging). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

function serializable(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error
      ? { name: value.name, message: value.message }
      : typeof value === "bigint"
      ? value.toString()
      : value;
  }
  return out;
}

function formatText(time: string, level: LogLevel, message: string, fields: LogFields): string {
  const parts = Object.entries(serializable(fields)).map(([k, v]) =>
    `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`
  );
  return `${time} ${level.toUpperCase().padEnd(5)} ${message}${parts.length ? " " + parts.join(" ") : ""}\n`;
}
