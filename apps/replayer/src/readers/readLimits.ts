/**
 * The readers' limits on a file's shape, each raised by the variable named
 * beside it (the messages name it too). Workbooks have their own (xlsxBounds).
 */
export const READ_LIMITS = {
  /** Bytes of one CSV record or NDJSON line (REPLAYER_MAX_RECORD_KB; default 1024 KB: a real row is under 300 bytes). */
  maxRecordBytes: Number(process.env.REPLAYER_MAX_RECORD_KB ?? 1024) * 1024,
  /** Columns of a header (REPLAYER_MAX_COLUMNS; default 500: the widest known format, BTS's own download, has 110). */
  maxColumns: Number(process.env.REPLAYER_MAX_COLUMNS ?? 500),
};

export const RECORD_LIMIT_HINT = 'REPLAYER_MAX_RECORD_KB raises it';
