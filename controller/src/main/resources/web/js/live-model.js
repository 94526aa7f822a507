// What the live page knows of each run, built from WatchRuns messages, without DOM.

export const TAIL_LINES = 20;

const RUN_STATES = {
  RUN_STATE_QUEUED: 'queued',
  RUN_STATE_ASSIGNED: 'assigned',
  RUN_STATE_RUNNING: 'running',
  RUN_STATE_FINISHED: 'finished',
};

export const STATUS_WORDS = {
  RUN_STATUS_OK: 'ok',
  RUN_STATUS_COMPLETED_WITH_ERRORS: 'completed with errors',
  RUN_STATUS_CANCELLED: 'cancelled',
  RUN_STATUS_ERROR: 'error',
  RUN_STATUS_EXPIRED: 'expired',
};

const TASK_WORDS = {
  TASK_STATUS_SUCCESS: 'success',
  TASK_STATUS_WARNING: 'warning',
  TASK_STATUS_ERROR: 'error',
  TASK_STATUS_SKIPPED: 'skipped',
};

export class LiveRun {
  constructor(runId) {
    this.runId = runId;
    this.summary = { runId };
    this.seq = 0;
    this.taskTypes = [];
    this.taskStates = []; // per task: 'pending', 'running' or its outcome word
    this.current = -1;
    this.percent = -1;
    this.message = '';
    this.tail = [];
  }

  get state() {
    return RUN_STATES[this.summary.state] || 'queued';
  }

  get finished() {
    return this.state === 'finished';
  }

  get status() {
    return STATUS_WORDS[this.summary.status] || '';
  }

  get total() {
    return Math.max(this.summary.totalTasks || 0, this.taskTypes.length);
  }

  get completed() {
    const done = this.taskStates.filter((s) => s !== 'pending' && s !== 'running').length;
    return Math.max(this.summary.completedTasks || 0, done);
  }

  get currentType() {
    return this.current >= 0 ? this.taskTypes[this.current] || '' : '';
  }

  setSummary(summary) {
    this.summary = { ...this.summary, ...summary };
    if (this.finished) this.current = -1;
  }

  /** Applies one RunEvent; false when it was already applied (a replay after a reconnect). */
  apply(event) {
    const seq = Number(event.sequence || 0);
    if (seq && seq <= this.seq) return false;
    if (seq) this.seq = seq;
    if (event.runStarted) {
      this.taskTypes = [...(event.runStarted.taskTypes || [])];
      this.taskStates = this.taskTypes.map(() => 'pending');
      this.summary.totalTasks = event.runStarted.totalTasks || this.taskTypes.length;
      if (!this.summary.state || this.summary.state !== 'RUN_STATE_FINISHED') this.summary.state = 'RUN_STATE_RUNNING';
    } else if (event.taskStarted) {
      const i = event.taskStarted.index || 0;
      if (event.taskStarted.taskType) this.taskTypes[i] = event.taskStarted.taskType;
      this.taskStates[i] = 'running';
      this.current = i;
      this.percent = -1;
      this.message = '';
    } else if (event.taskProgress) {
      if ((event.taskProgress.index || 0) === this.current) {
        this.percent = event.taskProgress.percent ?? 0;
        this.message = event.taskProgress.message || '';
      }
    } else if (event.taskOutput) {
      const line = event.taskOutput.line || '';
      this.tail.push(event.taskOutput.stream === 'STREAM_STDERR' ? `! ${line}` : line);
      if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES);
    } else if (event.taskFinished) {
      const i = event.taskFinished.index || 0;
      const result = event.taskFinished.result || {};
      this.taskStates[i] = TASK_WORDS[result.status] || 'done';
      if (!this.taskTypes[i] && result.taskType) this.taskTypes[i] = result.taskType;
      if (i === this.current) {
        this.current = -1;
        this.percent = -1;
        this.message = '';
      }
    } else if (event.runFinished) {
      const report = event.runFinished.report || {};
      this.summary.state = 'RUN_STATE_FINISHED';
      if (report.status) this.summary.status = report.status;
      this.current = -1;
    }
    return true;
  }
}
