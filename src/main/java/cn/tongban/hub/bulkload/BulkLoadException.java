package cn.tongban.hub.bulkload;

/** A bulk load cannot go on; the message names no row value, so it is safe to log and to store with the run. */
class BulkLoadException extends RuntimeException {

    BulkLoadException(String message) {
        super(message);
    }
}
