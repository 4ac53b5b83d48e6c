package dev.chainlog.rocksdb;

import org.rocksdb.InfoLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends RocksDB's own diagnostic log ("info log") to SLF4J instead of a {@code LOG} file in the log's folder.
 *
 * <p>Why: chainlog is embedded, so its diagnostics belong in the host application's logging. And RocksDB writes
 * (and rotates) its {@code LOG} file before it takes the folder's lock, so a second process that fails to open a
 * locked log would otherwise still have renamed and replaced the owner's {@code LOG}. With this logger a refused
 * open creates nothing.
 *
 * <p>RocksDB's info and header lines go to DEBUG (they are verbose: every flush and compaction), warnings to
 * WARN, errors to ERROR. The native side only formats and hands over lines at or above the level chosen from the
 * SLF4J logger's configuration when the store opens.
 */
final class Slf4jRocksLogger extends org.rocksdb.Logger {
    static final Logger LOG = LoggerFactory.getLogger("dev.chainlog.rocksdb.RocksDB");

    Slf4jRocksLogger() {
        super(LOG.isDebugEnabled() ? InfoLogLevel.INFO_LEVEL
                : LOG.isWarnEnabled() ? InfoLogLevel.WARN_LEVEL : InfoLogLevel.ERROR_LEVEL);
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
        switch (level) {
            case DEBUG_LEVEL -> LOG.trace(message);
            case INFO_LEVEL, HEADER_LEVEL -> LOG.debug(message);
            case WARN_LEVEL -> LOG.warn(message);
            default -> LOG.error(message);
        }
    }
}
