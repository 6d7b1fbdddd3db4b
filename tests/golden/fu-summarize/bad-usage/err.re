fu-summarize: --by: unknown key "shop" \(store, store_size, agent, type, method, day, week, month\)
Try .fu-summarize --help. for more\.
