// Pure helpers over a run report (no DOM, no network): how a task result is read, whatever its
// shape. The controller sends our seed shape ({human_readable, results}); reports imported from
// the original app have the same keys laid flat in `summary`. Every reader here accepts both, and
// every value may be missing (protobuf JSON omits defaults): callers get undefined, never a throw.

/** Labels a technician knows, from the original app's catalogue (runner-spec §4.1). */
export const TASK_LABELS = {
  disk_space_report: 'Disk space',
  ping_test: 'Ping test',
  speedtest: 'Internet speed test',
  sfc_scan: 'System file check (SFC)',
  smartctl_report: 'Drive health (smartctl)',
  dism_health_check: 'DISM health check',
  chkdsk_scan: 'File system check (CHKDSK)',
  bleachbit_clean: 'Junk clean-up (BleachBit)',
  adwcleaner_clean: 'Adware clean-up (AdwCleaner)',
  kvrt_scan: 'Malware scan (KVRT)',
  windows_update: 'Windows Update',
  heavyload_stress_test: 'Stress test (HeavyLoad)',
  furmark_stress_test: 'GPU stress test (FurMark)',
  iperf_test: 'Network stability (iPerf3)',
  winsat_disk: 'Disk benchmark (WinSAT)',
  whynotwin11_check: 'Windows 11 upgrade check',
  ai_startup_disable: 'AI startup optimiser',
  ai_browser_notification_disable: 'AI browser notification optimiser',
  battery_health_report: 'Battery health',
  drivecleanup_clean: 'Device clean-up (DriveCleanup)',
  trellix_stinger_scan: 'Antivirus scan (Trellix Stinger)',
  hello_service: 'Hello (test task)',
};

export function taskLabel(type) {
  return TASK_LABELS[type] || String(type || 'unknown task');
}

/** success | warning | error | skipped | unknown, from the proto enum or the original's words. */
export function statusWord(status) {
  const s = String(status || '')
    .replace(/^(TASK|RUN)_STATUS_/, '')
    .toLowerCase();
  if (s === 'success' || s === 'ok') return 'success';
  if (s === 'warning' || s === 'completed_with_errors') return 'warning';
  if (s === 'error' || s === 'failure' || s === 'failed') return 'error';
  if (s === 'skipped') return 'skipped';
  if (s === 'cancelled' || s === 'expired') return s;
  return 'unknown';
}

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The task's technical key: summary.results[key], else the flat summary[key]. */
export function res(task, key) {
  const s = (task && task.summary) || {};
  if (isObj(s.results) && s.results[key] !== undefined) return s.results[key];
  return s[key];
}

/** The task's user-facing key: summary.human_readable[key] (when that is an object). */
export function hr(task, key) {
  const h = task && task.summary && task.summary.human_readable;
  return isObj(h) ? h[key] : undefined;
}

export function num(v) {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export function arr(v) {
  return Array.isArray(v) ? v : [];
}

/** Decimal units, as drive makers and BleachBit count: 51720000000 → "51.7 GB". */
export function fmtBytes(bytes) {
  const b = num(bytes);
  if (b === undefined) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
}

export function round(v, digits = 1) {
  const n = num(v);
  return n === undefined ? '' : String(Number(n.toFixed(digits)));
}

/** The reason a failed or skipped task gives, wherever the handler put it. */
export function reasonOf(task) {
  return hr(task, 'reason') || res(task, 'reason') || hr(task, 'error') || res(task, 'error') || '';
}

/** Drives a smartctl report lists, each {basic:{…}} of the original's `full` level unwrapped. */
export function drivesOf(task) {
  return arr(res(task, 'drives')).map((d) => (isObj(d) && isObj(d.basic) ? d.basic : d));
}

/** The drive is failing: SMART says so, or it reports media errors. */
export function driveFailing(d) {
  return d.health_passed === false || (num(d.media_errors) || 0) > 0;
}

/** An SSD that has used 80% or more of its rated endurance: still working, replace it soon. */
export function driveWorn(d) {
  return (num(d.wear_level_percent_used) || 0) >= 80;
}

/** The last DISM step's health state (healthy | repaired | repairable | corrupted | …). */
export function dismState(task) {
  const states = arr(res(task, 'steps'))
    .map((s) => s && s.parsed && s.parsed.health_state)
    .filter(Boolean);
  const last = states.length ? states[states.length - 1] : res(task, 'health_state');
  // RestoreHealth reports the store healthy after repairing it: that run repaired it.
  const damagedBefore = states.some((s) => s === 'repairable' || s === 'corrupted');
  return last === 'healthy' && damagedBefore ? 'repaired' : last;
}

/** Threat counts across the three scanners: {found, removed}. */
export function threats(task) {
  switch (task.taskType) {
    case 'kvrt_scan': {
      const found = num(res(task, 'detected')) ?? arr(res(task, 'detections')).length;
      return { found, removed: num(res(task, 'removed_count')) ?? 0 };
    }
    case 'trellix_stinger_scan': {
      const found = num(res(task, 'infected_files')) ?? arr(res(task, 'infections')).length;
      const intent = res(task, 'intent') || {};
      return { found, removed: intent.action === 'report' ? 0 : found };
    }
    case 'adwcleaner_clean': {
      const removed = num(res(task, 'cleaned')) || 0;
      return { found: removed + (num(res(task, 'failed')) || 0), removed };
    }
    default:
      return { found: 0, removed: 0 };
  }
}

/** Drives of a disk space report, fullest first. */
export function volumesOf(task) {
  return arr(res(task, 'drives'))
    .filter((d) => isObj(d))
    .sort((a, b) => (num(b.usage_percent) || 0) - (num(a.usage_percent) || 0));
}

/** Throughput samples (Mbps) of an iperf test, non-numbers dropped. */
export function throughputSeries(task) {
  return arr(res(task, 'throughput_over_time_mbps'))
    .map(num)
    .filter((v) => v !== undefined);
}

/** The run's metadata: the report's (machine + plan metadata), plan keys as sent. */
export function metaOf(report) {
  return (report && isObj(report.metadata) && report.metadata) || {};
}
