import { useState } from 'react';
import { parseAbsolute, RELATIVE_RANGES, type RangeRequest, type RelativeRange } from '@flights/schemas/dashboard';

/** "2026-11-20T08:00" for a datetime-local input, in the browser's time zone. */
function localInput(ts: number): string {
  const d = new Date(ts - new Date(ts).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Relative ranges as one click each; a custom from–to range in the browser's time zone. */
export function RangePicker({
  value,
  onChange,
}: {
  value: RangeRequest | null;
  onChange: (request: RangeRequest) => void;
}) {
  const [custom, setCustom] = useState(value?.kind === 'absolute');
  const now = Date.now();
  const [from, setFrom] = useState(localInput(value?.kind === 'absolute' ? value.from : now - 24 * 3_600_000));
  const [to, setTo] = useState(localInput(value?.kind === 'absolute' ? value.to : now));
  const [error, setError] = useState<string>();
  const apply = () => {
    const parsed = parseAbsolute(new Date(from).toISOString(), new Date(to).toISOString());
    if (parsed.ok) {
      setError(undefined);
      onChange(parsed.request);
    } else setError(parsed.message);
  };
  return (
    <div className="range-picker">
      {/* biome-ignore lint/a11y/useSemanticElements: a segmented control; a fieldset brings a border and a legend it has no room for */}
      <div className="segmented" role="group" aria-label="Time range">
        {(Object.keys(RELATIVE_RANGES) as RelativeRange[]).map((range) => (
          <button
            key={range}
            type="button"
            aria-pressed={value?.kind === 'relative' && value.range === range}
            onClick={() => {
              setCustom(false);
              onChange({ kind: 'relative', range });
            }}
          >
            {range}
          </button>
        ))}
        <button type="button" aria-pressed={custom} onClick={() => setCustom(!custom)}>
          Custom
        </button>
      </div>
      {custom && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit">Apply</button>
          {error && (
            <span className="warn" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
