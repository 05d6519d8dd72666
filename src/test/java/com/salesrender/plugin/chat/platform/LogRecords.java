package com.salesrender.plugin.chat.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A logger of its own whose records the test reads, every level included. */
final class LogRecords extends Handler {

    final Logger logger;
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogRecords(String name) {
        logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    List<Level> levels() {
        return records.stream().map(LogRecord::getLevel).toList();
    }
}
