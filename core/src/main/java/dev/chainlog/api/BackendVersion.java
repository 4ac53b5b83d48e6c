package dev.chainlog.api;

/**
 * What one backend on the class path writes and reads, and the engine under it: a line of {@code chainlog
 * --version} (docs/COMPATIBILITY.md). Backends without a versioned storage format of their own report none.
 *
 * @param backend the backend's id, e.g. {@code rocksdb}
 * @param storage its storage format: the version it writes and the versions it reads, e.g. "writes layout 2; reads
 *                layouts 1 to 2 (a writer migrates an older one on open)"
 * @param engine  the storage engine and its version, e.g. "RocksDB 11.8.1 (rocksdbjni)", or why it is unavailable
 */
public record BackendVersion(String backend, String storage, String engine) {
}
