package cn.tongban.hub.quarantine;

/**
 * Replays a quarantined record of one silo through the same path it first took, with the
 * mapping and crosswalk now in force. One bean per silo that can replay.
 */
public interface QuarantineReplayer {

    /** What happened on replay: through (applied or already there), or quarantined again with a reason. */
    record Result(boolean through, String reasonCode, String reason) {
    }

    String silo();

    /** Called once before a replay run; a silo that replays by re-reading its source does it here. */
    default void prepare() {
    }

    Result replay(QuarantineRepository.Entry entry);
}
