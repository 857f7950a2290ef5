import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { Output } from '../../src/cli/output.ts';
import { startProgressLine } from '../../src/cli/progress.ts';

function terminal(columns: number | undefined) {
  const written: string[] = [];
  const output: Output = { stdout: () => {}, stderr: (text) => void written.push(text), stderrColumns: () => columns };
  return { output, written };
}

describe('startProgressLine', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('draws nothing when stderr is not a terminal', () => {
    assert.equal(startProgressLine(terminal(undefined).output, () => 'x'), null);
  });

  it('stays quiet for the first second, then redraws the line in place, and erases it at the end', () => {
    const { output, written } = terminal(80);
    let done = 0;
    const progress = startProgressLine(output, () => `[${done}/9] t${done}.litmus`)!;
    mock.timers.tick(999);
    assert.deepEqual(written, []);
    mock.timers.tick(1);
    done = 3;
    mock.timers.tick(100);
    mock.timers.tick(100); // unchanged: not redrawn
    progress.stop();
    assert.deepEqual(written, ['\r\u001b[K[0/9] t0.litmus', '\r\u001b[K[3/9] t3.litmus', '\r\u001b[K']);
  });

  it('erases the line before other output and draws it again after', () => {
    const { output, written } = terminal(80);
    const progress = startProgressLine(output, () => 'line')!;
    mock.timers.tick(1000);
    progress.erase();
    progress.erase(); // already gone: nothing to do
    mock.timers.tick(100);
    progress.stop();
    assert.deepEqual(written, ['\r\u001b[Kline', '\r\u001b[K', '\r\u001b[Kline', '\r\u001b[K']);
  });

  it('never wraps: the line is cut one column short of the terminal width', () => {
    const { output, written } = terminal(10);
    const progress = startProgressLine(output, () => '[1/6184] litmus/classic/MP/MP.litmus')!;
    mock.timers.tick(1000);
    progress.stop();
    assert.equal(written[0], '\r\u001b[K[1/6184] ');
  });
});
