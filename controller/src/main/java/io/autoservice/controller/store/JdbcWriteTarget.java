package io.autoservice.controller.store;

/** Writes a {@link WriteBatch} in one transaction: one commit, one fsync of the WAL. */
final class JdbcWriteTarget implements StoreWriter.Target {
  private final Jdbc jdbc;

  JdbcWriteTarget(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void write(WriteBatch b) {
    jdbc.inTransaction(
        tx -> {
          // Every statement here is idempotent: a batch is retried when its commit's outcome is
          // unknown, and may already be in the store.
          tx.batch(
              JdbcRunStore.INSERT_ONCE,
              b.inserts.stream().map(r -> JdbcRunStore.insertArgs(r, null)).toList());
          tx.batch(
              JdbcRunStore.UPDATE,
              b.updates.values().stream().map(JdbcRunStore::updateArgs).toList());
          tx.batch(JdbcEventStore.APPEND, b.events.stream().map(JdbcEventStore::args).toList());
          tx.batch(
              JdbcAgentStore.UPSERT,
              b.agents.values().stream().map(JdbcAgentStore::upsertArgs).toList());
          tx.batch(JdbcAgentStore.TOUCH, JdbcAgentStore.touchArgs(b.touches));
          tx.batch(
              JdbcAgentStore.UPSERT_SCHEMAS,
              b.taskSchemas.entrySet().stream()
                  .map(e -> new Object[] {e.getKey(), e.getValue()})
                  .toList());
          tx.batch(
              JdbcRunStore.EXPORT_DIR,
              b.exportDirs.entrySet().stream()
                  .map(e -> new Object[] {e.getValue(), e.getKey()})
                  .toList());
          return null;
        });
  }
}
