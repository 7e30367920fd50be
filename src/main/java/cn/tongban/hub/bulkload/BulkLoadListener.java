package cn.tongban.hub.bulkload;

/**
 * Told about each batch of a bulk load, inside the batch's transaction, after its writes and
 * just before its checkpoint: an exception thrown here rolls the whole batch back and fails
 * the run, exactly like a crash before the commit. Beans of this type are
 * picked up; the tests use one to crash or slow a run.
 */
public interface BulkLoadListener {

    /**
     * @param run     the run as it will be once the batch commits (done, last key)
     * @param batch   number of the batch in this attempt, from 1
     * @param rows    rows in the batch
     */
    void afterBatch(BulkLoadRun run, int batch, int rows);
}
