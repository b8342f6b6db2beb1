"""What the script prints: passed straight through to the real streams as it is printed (flushed at
once, so the editor shows it live), and kept in order for the Trace's `console`."""
import io

# a script that prints without end would make the trace as large as its output
MAX_CONSOLE_CHARS = 1 << 20


class Console:
    def __init__(self):
        self.lines = []
        self.chars = 0
        self.truncated = False

    def add(self, stream, text):
        if not text:
            return
        if self.chars >= MAX_CONSOLE_CHARS:
            if not self.truncated:
                self.truncated = True
                self.lines.append({'stream': 'stderr', 'text': '[bptt-lens: further output is not kept in the trace]\n'})
            return
        self.chars += len(text)
        lines = self.lines
        # one entry per line (keeping its newline); a line printed in parts stays one entry
        for piece in text.splitlines(keepends=True):
            last = lines[-1] if lines else None
            if last is not None and last['stream'] == stream and not last['text'].endswith('\n'):
                last['text'] += piece
            else:
                lines.append({'stream': stream, 'text': piece})


class Tee(io.TextIOBase):
    """A text stream that writes through to `inner` (and flushes) and records what was written."""

    def __init__(self, inner, name, console):
        super().__init__()
        self._inner = inner
        self._name = name
        self._console = console

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f'write() argument must be str, not {type(s).__name__}')
        n = self._inner.write(s)
        try:
            self._inner.flush()
        except Exception:
            pass
        self._console.add(self._name, s)
        return len(s) if n is None else n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._inner.flush()

    def isatty(self):
        return self._inner.isatty()

    def fileno(self):
        return self._inner.fileno()

    def writable(self):
        return True

    @property
    def encoding(self):
        return self._inner.encoding

    @property
    def errors(self):
        return self._inner.errors

    @property
    def buffer(self):
        return self._inner.buffer

    def __getattr__(self, name):
        return getattr(self._inner, name)
