// Plans as files and as the wire's Plan message, without DOM. Reads the shapes the agent's
// PlanParser reads — {"tasks": [...], "metadata": {...}}, one task object, or a list of tasks,
// with each task's parameters nested in "params" or written flat beside "type" ("params" wins) —
// and names each problem by its place, as the CLI does.

const kind = (v) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)}`;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** {tasks: [{type, id, params}], metadata} from parsed plan JSON; throws {problems: [...]} */
export function normalisePlan(root) {
  const problems = [];
  let list;
  let metadata = {};
  if (isObject(root) && 'tasks' in root) {
    list = root.tasks;
    if (!Array.isArray(list)) problems.push(`tasks: expected a list, got ${kind(list)}`);
    if (root.metadata !== undefined && root.metadata !== null) {
      if (isObject(root.metadata)) metadata = { ...root.metadata };
      else problems.push(`metadata: expected an object, got ${kind(root.metadata)}`);
    }
  } else if (isObject(root) && 'type' in root) {
    list = [root];
  } else if (Array.isArray(root)) {
    list = root;
  } else {
    problems.push(`plan: expected {"tasks": [...]}, a task object with "type", or a list of tasks; got ${kind(root)}`);
  }
  const tasks = [];
  (Array.isArray(list) ? list : []).forEach((node, i) => {
    const place = `tasks[${i}]`;
    if (!isObject(node)) {
      problems.push(`${place}: expected a task object, got ${kind(node)}`);
      return;
    }
    const { type, id, params, ...flat } = node;
    if (type === undefined || type === null) problems.push(`${place}: "type" is missing`);
    else if (typeof type !== 'string' || !type.trim()) problems.push(`${place}.type: expected a task type name, got ${kind(type)}`);
    if (id !== undefined && id !== null && typeof id !== 'string' && !Number.isInteger(id)) {
      problems.push(`${place}.id: expected a string, got ${kind(id)}`);
    }
    if (params !== undefined && params !== null && !isObject(params)) {
      problems.push(`${place}.params: expected an object, got ${kind(params)}`);
      return;
    }
    if (typeof type === 'string' && type.trim()) {
      tasks.push({
        type: type.trim(),
        id: id === undefined || id === null ? '' : String(id),
        params: { ...flat, ...(params || {}) },
      });
    }
  });
  if (problems.length) throw Object.assign(new Error(problems.join('\n')), { problems });
  return { tasks, metadata };
}

/** The proto Plan in its canonical JSON: tasks as {id?, type, params}, metadata a Struct. */
export function toWirePlan({ tasks, metadata }) {
  return {
    tasks: tasks.map((t) => ({ ...(t.id ? { id: t.id } : {}), type: t.type, params: t.params })),
    metadata,
  };
}

/** Plan JSON a technician can keep, re-import here, or give to `console dispatch`. */
export function planFileText(plan) {
  return `${JSON.stringify(toWirePlan(plan), null, 2)}\n`;
}
