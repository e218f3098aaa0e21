import { LoggerService } from '@nestjs/common';
import { currentRequest } from './request-context';
import { redact, redactText } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A sink for log lines; tests swap it to capture output. */
export type LogSink = (line: string) => void;
let sink: LogSink = stdoutBatcher();

/**
 * Lines written in one turn of the event loop go out in one write: a busy server logs a line per
 * request, and a write per line costs a system call each. Pending lines are flushed on exit.
 */
function stdoutBatcher(): LogSink {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const chunk = pending.join('\n') + '\n';
    pending = [];
    process.stdout.write(chunk);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}

export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

/**
 * JSON-lines logger: one object per line with time, level, message, context and the request id of
 * the request being served. Every field passes through `redact` on the way out.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly minLevel: Level = 'info') {}

  write(level: Level, message: unknown, context?: string, extra?: Record<string, unknown>): void {
    if (ORDER[level] < ORDER[this.minLevel]) return;
    const req = currentRequest();
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      msg: typeof message === 'string' ? redactText(message) : redact(message),
    };
    if (context) entry.context = context;
    if (req) entry.requestId = req.requestId;
    if (extra) Object.assign(entry, redact(extra) as Record<string, unknown>);
    sink(JSON.stringify(entry));
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace ? { stack: redactText(trace) } : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
}

/** The process-wide logger, configured once at boot. */
export let logger = new JsonLogger('info');
export function configureLogger(level: Level): JsonLogger {
  logger = new JsonLogger(level);
  return logger;
}
