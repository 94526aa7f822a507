// What the customer reads (pure, no DOM): one plain line per task and the recommendations the
// findings call for. Skipped tasks say nothing to a customer (as in the original's print).
import {
  arr,
  dismState,
  driveFailing,
  drivesOf,
  driveWorn,
  fmtBytes,
  hr,
  num,
  res,
  round,
  statusWord,
  taskLabel,
  threats,
  volumesOf,
} from './report-model.js';

/** tone: good | warn | bad | info — drives the ✓ / ! / ✗ mark and colour. */
function line(text, tone) {
  return { text, tone };
}

const LINES = {
  smartctl_report(t) {
    const drives = drivesOf(t);
    if (drives.length === 0) return line('Hard drive health: no drive could be read', 'warn');
    const failing = drives.filter(driveFailing);
    if (failing.length > 0) {
      const names = failing.map((d) => d.model_name || d.name).join(', ');
      return line(
        `Hard drive health: ${failing.length} of ${drives.length} failing (${names})`,
        'bad'
      );
    }
    const worn = drives.filter(driveWorn);
    if (worn.length > 0) {
      const d = worn[0];
      return line(
        `Hard drive health: good, but ${d.model_name || d.name} is ${d.wear_level_percent_used}% worn`,
        'warn'
      );
    }
    const n = drives.length;
    return line(`Hard drive health: good (${n} ${n === 1 ? 'drive' : 'drives'} checked)`, 'good');
  },
  sfc_scan(t) {
    if (res(t, 'integrity_violations') === false) {
      return line('System files: no integrity violations', 'good');
    }
    if (res(t, 'repairs_successful') === true) {
      return line('System files: corrupt files found and repaired', 'good');
    }
    if (res(t, 'integrity_violations') === true) {
      return line('System files: corrupt files found, some could not be repaired', 'bad');
    }
    return null;
  },
  dism_health_check(t) {
    const s = dismState(t);
    if (s === 'healthy') return line('Windows component store: healthy', 'good');
    if (s === 'repaired') return line('Windows component store: repaired', 'good');
    if (s === 'repairable' || s === 'corrupted') {
      return line('Windows component store: damaged, needs repair', 'bad');
    }
    return null;
  },
  chkdsk_scan(t) {
    if (res(t, 'made_corrections') === true) return line('Disk file system: errors repaired', 'good');
    if (res(t, 'errors_found') === true) return line('Disk file system: errors found', 'bad');
    if (res(t, 'scheduled') === true) {
      return line('Disk file system: check scheduled for the next restart', 'info');
    }
    if (res(t, 'found_no_problems') === true) {
      return line('Disk file system: no problems found', 'good');
    }
    return null;
  },
  kvrt_scan: threatLine('Virus scan'),
  trellix_stinger_scan: threatLine('Antivirus scan'),
  adwcleaner_clean(t) {
    const { found, removed } = threats(t);
    if (found === 0) return line('Adware scan: no adware found', 'good');
    const left = found - removed;
    return line(
      `Adware: ${plural(removed, 'item')} removed` + (left > 0 ? `, ${left} could not be` : ''),
      left > 0 ? 'bad' : 'good'
    );
  },
  bleachbit_clean(t) {
    const freed = hr(t, 'space_recovered') || fmtBytes(res(t, 'space_recovered_bytes'));
    const files = num(res(t, 'files_deleted'));
    if (!freed && files === undefined) return null;
    return line(
      `Junk files cleaned: ${freed || '0 B'} freed` +
        (files !== undefined ? `, ${plural(files, 'file')} deleted` : ''),
      'good'
    );
  },
  windows_update(t) {
    const install = res(t, 'install') || {};
    const installed = num(install.count_installed) || 0;
    const failed = num(install.count_failed) || 0;
    const remaining = num((res(t, 'post_scan') || {}).count_remaining) || 0;
    if (failed > 0) {
      return line(`Windows updates: ${installed} installed, ${failed} failed`, 'bad');
    }
    if (installed > 0) return line(`Windows updates: ${plural(installed, 'update')} installed`, 'good');
    if (remaining > 0) return line(`Windows updates: ${remaining} still to install`, 'warn');
    return line('Windows updates: up to date', 'good');
  },
  disk_space_report(t) {
    const v = volumesOf(t);
    if (v.length === 0) return null;
    const parts = v.map((d) => `${d.drive} ${round(d.usage_percent)}% used`);
    const worst = num(v[0].usage_percent) || 0;
    return line(`Disk space: ${parts.join(', ')}`, worst > 90 ? 'bad' : worst > 80 ? 'warn' : 'good');
  },
  ping_test(t) {
    const loss = num((res(t, 'packets') || {}).loss_percent) ?? num(res(t, 'packet_loss_percent'));
    const avg = num((res(t, 'latency_ms') || {}).avg) ?? num(res(t, 'average_latency_ms'));
    const host = res(t, 'host') || 'the internet';
    const lossText =
      loss === undefined ? '' : loss > 0 ? `, ${round(loss)}% of packets lost` : ', no packets lost';
    return line(
      `Connection to ${host}: ${avg === undefined ? 'no reply' : round(avg) + ' ms average'}${lossText}`,
      loss > 5 || avg === undefined ? 'bad' : loss > 0 ? 'warn' : 'good'
    );
  },
  iperf_test(t) {
    const mean = num((hr(t, 'throughput') || {}).mean);
    if (mean === undefined) return null;
    return line(
      `Network throughput: ${round(mean)} Mbps average (${hr(t, 'verdict') || 'measured'})`,
      verdictTone(hr(t, 'verdict'))
    );
  },
  speedtest(t) {
    const down = num(hr(t, 'download_mbps'));
    const up = num(hr(t, 'upload_mbps'));
    if (down === undefined && up === undefined) return null;
    return line(
      `Internet speed: ${round(down)} Mbps down, ${round(up)} Mbps up` +
        (num(hr(t, 'ping_ms')) !== undefined ? `, ${round(hr(t, 'ping_ms'))} ms ping` : ''),
      verdictTone(hr(t, 'verdict'))
    );
  },
  battery_health_report(t) {
    const cap = num(res(t, 'capacity_percent')) ?? num(hr(t, 'capacity_percent'));
    if (cap === undefined) return null;
    const verdict = res(t, 'health_verdict') || hr(t, 'verdict') || '';
    return line(
      `Battery health: ${verdict || 'measured'} (holds ${round(cap)}% of its original charge)`,
      cap < 60 ? 'bad' : cap < 80 ? 'warn' : 'good'
    );
  },
  winsat_disk(t) {
    const score = num(hr(t, 'score'));
    if (score === undefined) return null;
    return line(`Disk speed: ${hr(t, 'verdict') || 'measured'} (score ${round(score)}/100)`, verdictTone(hr(t, 'verdict')));
  },
  whynotwin11_check(t) {
    if (res(t, 'ready') === true) return line('Windows 11: this PC is ready to upgrade', 'good');
    const failing = arr(res(t, 'failing_checks'));
    if (res(t, 'ready') === false) {
      return line(`Windows 11: not supported${failing.length ? ' (' + failing.join(', ') + ')' : ''}`, 'warn');
    }
    return null;
  },
  furmark_stress_test(t) {
    const temp = num(hr(t, 'max_temperature_c'));
    const hot = temp !== undefined && temp > 95;
    return line(
      `Graphics stress test: ${hot ? 'ran too hot' : 'passed'}` + (temp !== undefined ? `, max ${temp} °C` : ''),
      hot ? 'bad' : 'good'
    );
  },
  heavyload_stress_test(t) {
    const ok = statusWord(t.status) === 'success';
    return line(`System stress test: ${ok ? 'passed' : hr(t, 'verdict') || 'needs a look'}`, ok ? 'good' : 'warn');
  },
  drivecleanup_clean(t) {
    const n = num(hr(t, 'devices_removed')) ?? num(res(t, 'removed_items_total'));
    if (n === undefined) return null;
    const test = hr(t, 'test_only') === true;
    return line(`Old device entries: ${n} ${test ? 'found (nothing removed)' : 'removed'}`, 'good');
  },
  ai_startup_disable: aiLine('Startup programs', 'items_disabled'),
  ai_browser_notification_disable: aiLine('Browser notifications', 'notifications_disabled'),
};

function threatLine(what) {
  return (t) => {
    const { found, removed } = threats(t);
    if (!found) return line(`${what}: no threats found`, 'good');
    const left = found - removed;
    if (left <= 0) return line(`${what}: ${plural(found, 'threat')} found and removed`, 'good');
    return line(`${what}: ${plural(found, 'threat')} found, ${removed} removed`, 'bad');
  };
}

function aiLine(what, disabledKey) {
  return (t) => {
    const n = num(hr(t, disabledKey));
    const preview = /preview|dry run/i.test(String(hr(t, 'mode') || ''));
    if (preview) return line(`${what}: ${num(hr(t, 'recommendations')) || 0} recommended to disable`, 'info');
    return n === undefined ? null : line(`${what}: ${n} disabled`, 'good');
  };
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function verdictTone(v) {
  const s = String(v || '').toLowerCase();
  if (s === 'poor') return 'bad';
  if (s === 'fair') return 'warn';
  return 'good';
}

/**
 * One line for the task, or null when a customer should not see it (a skipped task). An errored
 * task says it could not be completed; a type without its own line shows its verdict.
 */
export function customerLine(task) {
  const st = statusWord(task.status);
  if (st === 'skipped') return null;
  const label = taskLabel(task.taskType);
  if (st === 'error') return line(`${label}: could not be completed`, 'bad');
  const fn = LINES[task.taskType];
  const l = fn ? fn(task) : null;
  if (l) return l;
  const verdict = hr(task, 'verdict');
  const word = st === 'success' ? 'done' : st === 'warning' ? 'needs attention' : st;
  return line(`${label}: ${typeof verdict === 'string' && verdict ? verdict : word}`, st === 'warning' ? 'warn' : 'good');
}

export { recommendations } from './customer-advice.js';
