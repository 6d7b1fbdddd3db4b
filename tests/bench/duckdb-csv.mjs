// tests/bench/fu-import.sh's DuckDB peer: DuckDB's CSV reader on FILE,
// every field as text, out as TSV on standard output, on 2 threads.
// Run from the directory @duckdb/node-api was installed into.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2].replace(/'/g, "''");
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
await con.run(`COPY (SELECT * FROM read_csv('${file}', all_varchar = true))
    TO '/dev/stdout' (FORMAT csv, DELIMITER '\t')`);
