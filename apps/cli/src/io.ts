/** Where the CLI writes: data to `out` (stdout), progress, warnings and errors to `err` (stderr). */
export interface CliIo {
  /** Writes data (stdout). */
  out(text: string): void;
  /** Writes progress, warnings and errors (stderr). */
  err(text: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
};

/** An in-memory {@link CliIo} for tests: everything written is kept in `stdout` / `stderr`. */
export function memoryIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
