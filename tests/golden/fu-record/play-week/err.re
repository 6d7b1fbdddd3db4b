calls.tsv: 17 appended, 0 duplicates, 0 rejected
[0-9a-f]{16} success appended
the chain is whole
