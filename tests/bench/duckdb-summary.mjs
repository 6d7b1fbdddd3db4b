// tests/bench/fu-summarize.sh's DuckDB peer: the call log FILE (TSV) by
// store and week: records, distinct contacts, successes, the mean of q1;
// on 2 threads, out as TSV.  Run from where @duckdb/node-api is installed.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2].replace(/'/g, "''");
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
await con.run(`COPY (SELECT store, date_trunc('week', CAST(ts[1:10] AS DATE))
    AS week, count(*) AS dials, count(DISTINCT id) AS contacts,
    count_if(outcome = 'success') AS success,
    avg(TRY_CAST(q1 AS DOUBLE)) AS q1_mean
    FROM read_csv('${file}', delim = '\t', header = true, quote = '',
    escape = '', all_varchar = true)
    GROUP BY ALL ORDER BY ALL) TO '/dev/stdout' (FORMAT csv, DELIMITER '\t')`);
