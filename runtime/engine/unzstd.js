// The zstd decoder (npm fzstd, pinned), a chunk of its own: the worker imports it only when a
// host sent one of the engine's files uncompressed, so a host that compresses never loads it.

export { decompress } from "fzstd";
