/** Where commands write; a seam so commands never touch process streams directly. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The width of stderr when it is a terminal, where a transient progress
   * line may be drawn; undefined when stderr is piped or redirected.
   */
  stderrColumns?(): number | undefined;
}

// A reader that stops early (`xics-litmus run ... | head`) closes the pipe: stop
// quietly, as other command-line tools do, instead of dying on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

export const processOutput: Output = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrColumns: () => (process.stderr.isTTY ? process.stderr.columns : undefined),
};
