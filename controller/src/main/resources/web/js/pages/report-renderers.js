// The technician's view of one task result: for each task type the findings the original app's
// renderers showed (runner-spec §3 "UI reads …"), a generic key/value view for any other type.
import { h } from '../dom.js';
import {
  arr,
  dismState,
  driveFailing,
  drivesOf,
  fmtBytes,
  hr,
  num,
  reasonOf,
  res,
  round,
  statusWord,
  taskLabel,
  threats,
  throughputSeries,
  volumesOf,
} from './report-model.js';
import { customerLine } from './customer-model.js';
import { badge, barChart, bullets, facts, kids, meter, table, throughputChart } from './report-widgets.js';

const mbps = (v) => (num(v) === undefined ? null : `${round(v, 2)} Mbps`);
const pct = (v) => (num(v) === undefined ? null : `${round(v)}%`);

const BODIES = {
  smartctl_report: (t) =>
    drivesOf(t).map((d) =>
      h(
        'div',
        { class: 'drive', 'data-testid': 'report-drive' },
        ...kids(
        h('h4', {}, `${d.model_name || 'Unknown drive'} (${d.name || '?'})`, ' ', driveFailing(d) ? badge('error', 'Failing') : badge('success', 'Healthy')),
        num(d.wear_level_percent_used) !== undefined ? meter('Wear used', d.wear_level_percent_used, d.wear_level_percent_used >= 90 ? 'bad' : d.wear_level_percent_used >= 80 ? 'warn' : '') : null,
        facts([
          ['SMART health', d.health_passed === undefined || d.health_passed === null ? 'unknown' : d.health_passed ? 'PASSED' : 'FAILED'],
          ['Serial', d.serial_number],
          ['Firmware', d.firmware_version],
          ['Temperature', d.temperature],
          ['Power-on hours', d.power_on_hours],
          ['Power cycles', d.power_cycles],
          ['Unsafe shutdowns', d.unsafe_shutdowns],
          ['Media errors', d.media_errors],
          ['Error log entries', d.error_log_entries],
          ['Data written', d.data_written_human],
          ['Data read', d.data_read_human],
          ['Last self-test', d.last_self_test_result],
        ]))
      )
    ),
  sfc_scan: (t) =>
    facts([
      ['Integrity violations', res(t, 'integrity_violations') ?? 'unknown'],
      ['Repairs attempted', res(t, 'repairs_attempted')],
      ['Repairs successful', res(t, 'repairs_successful')],
      ['Reboot pending', res(t, 'pending_reboot')],
      ['Verification complete', res(t, 'verification_complete')],
    ]),
  dism_health_check: (t) => [
    facts([['Component store', dismState(t)]]),
    table(
      'DISM steps',
      ['Step', 'Health', 'Repair', 'Exit code'],
      arr(res(t, 'steps')).map((s) => [
        s.action,
        s.parsed && s.parsed.health_state,
        s.parsed && s.parsed.repair_success,
        s.return_code,
      ])
    ),
  ],
  chkdsk_scan: (t) =>
    facts([
      ['Drive', res(t, 'drive')],
      ['Mode', res(t, 'mode')],
      ['File system', res(t, 'filesystem_type')],
      ['Problems found', res(t, 'errors_found')],
      ['Corrections made', res(t, 'made_corrections')],
      ['Volume in use', res(t, 'volume_in_use')],
      ['Scheduled for restart', res(t, 'scheduled')],
      ['Bad sectors', num(res(t, 'bad_sectors_kb')) === undefined ? null : `${res(t, 'bad_sectors_kb')} KB`],
      ['Free', num(res(t, 'available_kb')) === undefined ? null : fmtBytes(res(t, 'available_kb') * 1024)],
    ]),
  kvrt_scan: (t) => [
    threatFacts(t, [['Objects scanned', res(t, 'processed')], ['Processing errors', res(t, 'processing_errors')]]),
    table('Detections', ['Threat', 'Object', 'Action'], arr(res(t, 'detections')).map((d) => [d.threat, d.object_path, d.action])),
  ],
  trellix_stinger_scan: (t) => [
    threatFacts(t, [['Files scanned', res(t, 'total_files')], ['Not scanned', res(t, 'not_scanned')], ['Action', (res(t, 'intent') || {}).action]]),
    table('Infections', ['File', 'Threat', 'MD5'], arr(res(t, 'infections')).map((d) => [d.file_path, d.threat_name, d.md5])),
  ],
  adwcleaner_clean: (t) => [
    threatFacts(t, [['Failed', res(t, 'failed')], ['Reboot required', res(t, 'reboot_required')]]),
    ...['registry', 'files', 'folders', 'services', 'tasks', 'shortcuts', 'dlls', 'wmi', 'preinstalled'].map((k) =>
      arr(res(t, k)).length ? h('div', {}, h('h4', {}, k), bullets(res(t, k), 'items')) : null
    ),
  ],
  bleachbit_clean: (t) =>
    facts([
      ['Space recovered', hr(t, 'space_recovered') || fmtBytes(res(t, 'space_recovered_bytes'))],
      ['Files deleted', res(t, 'files_deleted')],
      ['Special operations', res(t, 'special_operations')],
      ['Errors', res(t, 'errors')],
    ]),
  windows_update: (t) => {
    const inst = res(t, 'install') || {};
    return [
      facts([
        ['Installed', inst.count_installed],
        ['Failed', inst.count_failed],
        ['Still available', (res(t, 'post_scan') || {}).count_remaining],
        ['Reboot required', res(t, 'reboot_required')],
      ]),
      table('Updates', ['Title', 'KB', 'Size', 'Category', 'Result'], arr(inst.items).map((i) => [i.Title, i.KB, i.Size, i.Category, i.Result])),
      bullets(arr(res(t, 'errors')).map((e) => `${e.where}: ${e.message}`), 'errors'),
    ];
  },
  disk_space_report: (t) =>
    volumesOf(t).map((d) =>
      h(
        'div',
        { class: 'volume' },
        meter(`${d.drive} used`, d.usage_percent, d.usage_percent > 90 ? 'bad' : d.usage_percent > 80 ? 'warn' : ''),
        h('p', {}, `${round(d.used_gb)} GB used of ${round(d.total_gb)} GB, ${round(d.free_gb)} GB free`)
      )
    ),
  ping_test: (t) => {
    const p = res(t, 'packets') || {};
    const l = res(t, 'latency_ms') || {};
    return facts([
      ['Host', res(t, 'host')],
      ['Average latency', num(l.avg) === undefined ? null : `${round(l.avg, 2)} ms`],
      ['Maximum latency', num(l.max) === undefined ? null : `${round(l.max, 2)} ms`],
      ['Jitter (stdev)', num((res(t, 'interval_stats') || {}).stdev) === undefined ? null : `${round(res(t, 'interval_stats').stdev, 2)} ms`],
      ['Packet loss', pct(p.loss_percent ?? res(t, 'packet_loss_percent'))],
      ['Packets', p.sent === undefined ? null : `${p.received} of ${p.sent} received`],
      ['Stability score', hr(t, 'stability_score')],
    ]);
  },
  iperf_test: (t) => {
    const tp = hr(t, 'throughput') || {};
    return [
      facts([
        ['Server', res(t, 'server')],
        ['Direction', hr(t, 'direction')],
        ['Protocol', hr(t, 'protocol') || res(t, 'protocol')],
        ['Mean', mbps(tp.mean)],
        ['Median', mbps(tp.median)],
        ['10th–90th percentile', tp.p10 === undefined ? null : `${round(tp.p10)}–${round(tp.p90)} Mbps`],
        ['Stability score', hr(t, 'stability_score')],
        ['Duration', res(t, 'duration_seconds') === undefined ? null : `${res(t, 'duration_seconds')} s`],
      ]),
      throughputChart(throughputSeries(t), 'Throughput'),
    ];
  },
  speedtest: (t) => [
    facts([
      ['Download', mbps(hr(t, 'download_mbps'))],
      ['Upload', mbps(hr(t, 'upload_mbps'))],
      ['Ping', num(hr(t, 'ping_ms')) === undefined ? null : `${hr(t, 'ping_ms')} ms`],
      ['Jitter', num(hr(t, 'jitter_ms')) === undefined ? null : `${hr(t, 'jitter_ms')} ms`],
      ['Server', hr(t, 'server_description')],
      ['ISP', hr(t, 'isp')],
      ['Score', hr(t, 'score')],
    ]),
    throughputSeries(t).length
      ? throughputChart(throughputSeries(t), 'Throughput')
      : barChart([['Download', num(hr(t, 'download_mbps'))], ['Upload', num(hr(t, 'upload_mbps'))]], 'Mbps', 'Internet speed'),
  ],
  battery_health_report: (t) => [
    num(res(t, 'wear_level_percent')) !== undefined ? meter('Wear', res(t, 'wear_level_percent'), res(t, 'wear_level_percent') > 40 ? 'bad' : '') : null,
    facts([
      ['Health', res(t, 'health_verdict')],
      ['Capacity', pct(res(t, 'capacity_percent'))],
      ['Cycle count', res(t, 'cycle_count')],
      ['Full / design', res(t, 'energy_full_wh') === undefined ? null : `${res(t, 'energy_full_wh')} / ${res(t, 'energy_full_design_wh')} Wh`],
      ['Charge', pct(res(t, 'percent'))],
      ['State', res(t, 'state')],
      ['Vendor / model', [res(t, 'vendor'), res(t, 'model')].filter(Boolean).join(' ')],
      ['Chemistry', res(t, 'technology')],
      ['Temperature', num(res(t, 'temperature_c')) === undefined ? null : `${res(t, 'temperature_c')} °C`],
    ]),
  ],
  winsat_disk: (t) => {
    const r = res(t, 'results') || {};
    return facts([
      ['Drive', res(t, 'drive')],
      ['Score', hr(t, 'score') === undefined ? null : `${hr(t, 'score')}/100`],
      ['Random read', num(r.random_read_mbps) === undefined ? null : `${r.random_read_mbps} MB/s`],
      ['Sequential read', num(r.sequential_read_mbps) === undefined ? null : `${r.sequential_read_mbps} MB/s`],
      ['Sequential write', num(r.sequential_write_mbps) === undefined ? null : `${r.sequential_write_mbps} MB/s`],
      ['Test mode', res(t, 'test_mode')],
    ]);
  },
  whynotwin11_check: (t) => [
    facts([['Ready for Windows 11', res(t, 'ready')], ['Host', res(t, 'hostname')]]),
    table('Checks', ['Check', 'Result'], Object.entries(res(t, 'checks') || {}).map(([k, v]) => [k, v ? 'pass' : 'FAIL'])),
  ],
  furmark_stress_test: (t) => {
    const fps = res(t, 'fps') || {};
    return [
      facts([
        ['Renderer', res(t, 'renderer')],
        ['FPS min / avg / max', fps.avg === undefined ? null : `${fps.min} / ${fps.avg} / ${fps.max}`],
        ['Duration', num(res(t, 'duration_ms')) === undefined ? null : `${round(res(t, 'duration_ms') / 1000)} s`],
      ]),
      table('GPUs', ['GPU', 'Max °C', 'Max usage', 'Core clock (MHz)'], arr(res(t, 'gpus')).map((g) => [g.name, g.max_temperature_c, pct(g.max_usage_percent), `${g.min_core_clock_mhz}–${g.max_core_clock_mhz}`])),
    ];
  },
  heavyload_stress_test: (t) =>
    facts([
      ['Summary', hr(t, 'summary')],
      ['Minutes', res(t, 'duration_minutes')],
      ['CPU', res(t, 'stress_cpu')],
      ['Memory', res(t, 'stress_memory')],
      ['Disk', res(t, 'stress_disk')],
      ['GPU', res(t, 'stress_gpu')],
      ['Exit code', res(t, 'exit_code')],
    ]),
  drivecleanup_clean: (t) => [
    facts([['Test only', hr(t, 'test_only')], ['Devices removed', hr(t, 'devices_removed')], ['Registry items', hr(t, 'registry_items_removed')]]),
    table('Counts', ['What', 'Count'], Object.entries(res(t, 'counts') || {}).map(([k, v]) => [k.replace(/_/g, ' '), v])),
  ],
  ai_startup_disable: (t) => aiBody(t, ['total_items', 'items_disabled', 'items_skipped', 'items_kept_enabled', 'estimated_boot_time_saving']),
  ai_browser_notification_disable: (t) =>
    aiBody(t, ['total_notifications', 'notifications_disabled', 'notifications_skipped', 'notifications_kept_enabled', 'estimated_reduction']),
};

function threatFacts(t, more) {
  const { found, removed } = threats(t);
  return facts([['Threats found', found], ['Removed', removed], ...more]);
}

function aiBody(t, keys) {
  return [
    facts([['Mode', hr(t, 'mode')], ['Recommendations', hr(t, 'recommendations')], ...keys.map((k) => [k.replace(/_/g, ' '), hr(t, k)]), ['Model', hr(t, 'model_used')]]),
    table('Recommended to disable', ['Item', 'Reason', 'Risk'], arr(res(t, 'to_disable')).map((i) => [i.name || i.origin || i.id, i.reason, i.risk])),
  ];
}

/** Every human_readable key, for a task type without its own renderer. */
function genericBody(t) {
  const h0 = t.summary && t.summary.human_readable;
  if (h0 && typeof h0 === 'object' && !Array.isArray(h0)) {
    return facts(Object.entries(h0).filter(([k]) => !['verdict', 'reason', 'notes'].includes(k)));
  }
  return typeof h0 === 'string' ? h('pre', { class: 'output' }, h0) : null;
}

/** The tool's command line as the agent ran it (TaskResult.extra.command), for a technician. */
function commandLine(task) {
  const cmd = task.extra && task.extra.command;
  const text = Array.isArray(cmd) ? cmd.join(' ') : typeof cmd === 'string' ? cmd : '';
  return text ? h('p', { class: 'muted mono command' }, `Command: ${text}`) : null;
}

/** One task's card: label, status badge, duration, verdict, reason, findings, notes. */
export function renderTask(task, index) {
  const type = task.taskType || 'unknown';
  const st = statusWord(task.status);
  const verdict = hr(task, 'verdict');
  const reason = reasonOf(task);
  const body = st === 'skipped' ? null : (BODIES[type] || genericBody)(task);
  const notes = hr(task, 'notes');
  const plain = customerLine(task);
  return h(
    'section',
    { class: `rp-card rp-card-${st}`, 'data-testid': 'report-task', 'data-task-type': type, 'data-status': st, 'aria-labelledby': `task-h-${index}` },
    h(
      'header',
      { class: 'rp-card-head' },
      ...kids(
        h('h3', { id: `task-h-${index}` }, `${index + 1}. ${taskLabel(type)}`),
        badge(task.status),
        num(task.durationSeconds) !== undefined ? h('span', { class: 'muted' }, `${round(task.durationSeconds)} s`) : null
      )
    ),
    ...kids(
      typeof verdict === 'string' && verdict ? h('p', { class: 'verdict' }, verdict) : null,
      plain && st !== 'error' ? h('p', { class: 'plain muted' }, plain.text) : null,
      reason && reason !== verdict ? h('p', { class: 'reason' }, reason) : null,
      body,
      Array.isArray(notes) ? bullets(notes) : null,
      commandLine(task)
    )
  );
}
