// Logging for the schema-engine stand-in.
//
// stdout is the JSON-RPC channel, so everything else goes to stderr as one JSON object per line,
// in the shape the native schema engine uses (the Prisma CLI parses these lines):
//   {"timestamp":"…","level":"ERROR","fields":{"message":"…","error_code":"P1003",…},"target":"…"}

export const ENGINE_TARGET = 'schema_engine::standin';
/** Target the CLI looks for when it reads the error of a `cli …` sub-command. */
export const CLI_ERROR_TARGET = 'schema_engine::logger';

const LEVELS = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

function minLevel() {
  const v = String(process.env.RUST_LOG ?? 'info').toLowerCase();
  for (const name of ['trace', 'debug', 'info', 'warn', 'error']) if (v.includes(name)) return LEVELS[name.toUpperCase()];
  return LEVELS.INFO;
}
const MIN_LEVEL = minLevel();

export function writeLogLine(obj) {
  process.stderr.write(JSON.stringify(obj) + '\n');
}

export function log(level, message, fields = {}, target = ENGINE_TARGET) {
  if (LEVELS[level] < MIN_LEVEL && level !== 'ERROR') return;
  writeLogLine({ timestamp: new Date().toISOString(), level, fields: { message: String(message), ...fields }, target });
}

/** Forwards a log line produced by the wasm engine (already JSON) to stderr, re-encoding anything that is not JSON. */
export function forwardWasmLog(line) {
  for (const part of String(line).split('\n')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    try {
      const parsed = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object' && parsed.fields) {
        if ((LEVELS[parsed.level] ?? LEVELS.INFO) >= MIN_LEVEL) writeLogLine({ timestamp: new Date().toISOString(), ...parsed });
        continue;
      }
    } catch {
      /* not JSON: wrap it below */
    }
    log('INFO', trimmed, {}, 'schema_engine_wasm');
  }
}

/** Node/library warnings would otherwise be printed as plain text on stderr and break the CLI's JSON parsing. */
export function routeProcessWarningsToLog() {
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    log('WARN', warning instanceof Error ? warning.message : String(warning), type ? { warning_type: type } : {});
  };
}
