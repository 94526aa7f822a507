package io.autoservice.controller.store;

import java.sql.SQLException;

/** A database failure: the controller cannot keep its promise to persist, or cannot read. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether retrying the same write can never succeed: the data itself is refused (a constraint, a
   * type, a size), as opposed to a busy, full or failing disk, which may recover.
   */
  public boolean permanent() {
    if (!(getCause() instanceof SQLException sql)) {
      return false;
    }
    String state = sql.getSQLState();
    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
      return true; // data exception, integrity constraint (standard SQL states)
    }
    int primary = sql.getErrorCode() & 0xff; // SQLite's result code without its extended part
    return primary == 18
        || primary == 19
        || primary == 20
        || primary == 25; // TOOBIG, CONSTRAINT, MISMATCH, RANGE
  }
}
