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

export const processOutput: Output = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrColumns: () => (process.stderr.isTTY ? process.stderr.columns : undefined),
};
