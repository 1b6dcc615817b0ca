// The Backprop Playground's page: it draws what the Python session sends and sends back
// what the user does. No arithmetic of the network happens here: every number (outputs,
// losses, gradients, chain-rule steps) comes from the engine. Text from the session is
// put on the page with textContent only, never parsed as HTML.
(function () {
  "use strict";

  const token = document.querySelector('meta[name="playground-token"]').content;
  const canHandBack = document.querySelector('meta[name="playground-done"]').content === "true";
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);

  const COLOURS = {
    negative: [245, 147, 34], positive: [8, 119, 189], middle: [232, 234, 235],
    gradNegative: [194, 24, 91], gradPositive: [0, 137, 123],
  };
  const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const SPEEDS = [1, 2, 5, 10, 20, 50];
  const NEURON = 50;            // the side of a neuron's heat map, in pixels

  const view = {
    state: null, grid: null, gradientGrid: null, points: [], dataVersion: null, plane: [-5, 5, -5, 5],
    gradients: false, playing: false, inspected: null, inspectedEpoch: null,
    backward: null, stepIndex: 0, structure: "", finished: false,
    following: false, followAgain: false, followed: 0,
  };

  // ------------------------------------------------------------------
  // Talking to the session: JSON calls over one WebSocket.
  // ------------------------------------------------------------------

  let socket = null;
  let nextId = 1;
  const pending = new Map();

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws?token=" + encodeURIComponent(token));
    socket.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (error) { showError("the server sent a message that is not JSON"); return; }
      if (message.event === "frame") {
        onFrame(message.state);
      } else if (message.event === "error") {
        showError(message.error);
        setPlaying(false);
      } else if (message.id !== undefined && pending.has(message.id)) {
        const { resolve, reject } = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) resolve(message.result); else reject(new Error(message.error));
      } else if (message.ok === false) {
        showError(message.error);
      }
    });
    socket.addEventListener("close", (event) => {
      for (const { reject } of pending.values()) reject(new Error("the connection closed"));
      pending.clear();
      if (!view.finished) showError(closeReason(event));
      setPlaying(false);
      setEnabled(false);
    });
  }

  function closeReason(event) {
    if (event.code === 1009) return "The server closed the connection: a message was larger than it accepts. Reload the page.";
    if (event.code === 1008) return "The server refused the connection: " + (event.reason || "open the URL the playground printed, with its token.");
    if (event.code === 1013) return "The server refused the connection: " + (event.reason || "it is busy; reload the page later.");
    return "The connection to the playground's server is lost (it was stopped?). Start it again and reload the page.";
  }

  function call(name, args) {
    return new Promise((resolve, reject) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) { reject(new Error("not connected to the server")); return; }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id: id, call: name, args: args || {} }));
    });
  }

  // A call the user made: its error is shown, its success clears the last error.
  // (keep = true: a follow-up call, such as fetching the state again, leaves the message.)
  function attempt(promise, keep) {
    return promise.then((result) => { if (!keep) hideError(); return result; },
                        (error) => { showError(error.message); return null; });
  }

  function refresh() {
    return attempt(call("state", { grids: true, gradient_grids: view.gradients, data_version: view.dataVersion }), true)
      .then((state) => { if (state) onFrame(state); return state; });
  }

  // ------------------------------------------------------------------
  // Messages.
  // ------------------------------------------------------------------

  function showError(text) {
    $("error-text").textContent = text;
    $("error").classList.remove("notice");
    $("error").setAttribute("role", "alert");
    $("error").hidden = false;
  }

  function showNotice(text) {
    showError(text);
    $("error").classList.add("notice");
    $("error").setAttribute("role", "status");
  }

  function hideError() {
    $("error").hidden = true;
  }

  // ------------------------------------------------------------------
  // A new state from the session.
  // ------------------------------------------------------------------

  function onFrame(state) {
    // Two states can cross on the way (a frame pushed while another page changed the session):
    // the session's revision says which is newer, and an older one is dropped.
    if (view.state && state.revision < view.state.revision) return;
    const previous = view.state;
    view.state = state;
    if (state.grid) view.grid = state.grid;
    if (state.gradient_grid) view.gradientGrid = state.gradient_grid;
    if (state.data.points) view.points = state.data.points;
    view.dataVersion = state.data.version;
    view.plane = state.data.plane;
    if (state.problem) showError(state.problem);
    if (previous) closePanelsThatNoLongerFit(previous, state);
    setPlaying(state.playing);
    showSettings(state.settings, state.choices);
    $("epoch").textContent = String(state.epoch);
    const progress = state.epoch_progress;
    $("epoch-progress").textContent = progress ? "+ " + progress[0] + " of " + progress[1] + " batches" : "";
    showLosses(state.loss);
    drawCurve(state.loss);
    drawNetwork(state);
    drawPlane();
    followTraining(state);
  }

  // A weight's panel closes when the network changes (another page may have changed it), a
  // point's panel when the points do.
  function closePanelsThatNoLongerFit(previous, state) {
    if (view.inspected && structureOf(previous) !== structureOf(state)) {
      view.inspected = null;
      showInspect(null);
    }
    if (view.backward && previous.data.version !== state.data.version) {
      view.backward = null;
      showBackward();
    }
  }

  // The open panels follow training: at once when it stops; while it plays, about once a second;
  // and never while the last answer is still on its way (on a large network it takes a while, and
  // calls sent faster than they are answered would pile up and hold up training): a change seen
  // meanwhile is followed as soon as that answer is in.
  function followTraining(state) {
    if (view.following) { view.followAgain = true; return; }
    const now = Date.now();
    if (state.playing && now - (view.followed || 0) < 1000) return;
    view.followed = now;
    const calls = [];
    if (view.inspected && (view.inspectedEpoch !== state.epoch || view.inspectedData !== state.data.version)) {
      calls.push(inspect(view.inspected, true));      // new weights, or its points renumbered
    }
    if (view.backward && view.backwardEpoch !== state.epoch) calls.push(openBackward(view.backward.index, true));
    if (!calls.length) return;
    view.following = true;
    const done = () => {
      view.following = false;
      view.followed = Date.now();
      if (view.followAgain) {
        view.followAgain = false;
        followTraining(view.state);
      }
    };
    Promise.all(calls).then(done, done);
  }

  function formatNumber(x) {
    if (x === null || x === undefined) return "–";
    if (x === 0) return "0";
    const size = Math.abs(x);
    if (size >= 1e4 || size < 1e-3) return x.toExponential(3);
    const text = x.toPrecision(4);              // 1000 is "1000": only zeros after a point go
    return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
  }

  function showLosses(loss) {
    $("train-loss").textContent = formatNumber(loss.last_train);
    $("test-loss").textContent = formatNumber(loss.last_test);
    $("losses").dataset.train = loss.last_train === null ? "" : String(loss.last_train);
    $("losses").dataset.test = loss.last_test === null ? "" : String(loss.last_test);
  }

  function setPlaying(playing) {
    view.playing = playing;
    $("play").hidden = playing;
    $("pause").hidden = !playing;
  }

  function setEnabled(enabled) {
    for (const element of document.querySelectorAll("button, select, input")) {
      if (element.id !== "error-close") element.disabled = !enabled;
    }
  }

  // ------------------------------------------------------------------
  // Settings.
  // ------------------------------------------------------------------

  function fillSelect(select, options, current) {
    const wanted = options.map((option) => option[0] + "\u0000" + option[1]).join("\u0001");
    if (select.dataset.options !== wanted) {
      while (select.firstChild) select.removeChild(select.firstChild);
      for (const [value, title] of options) {
        const option = document.createElement("option");
        option.value = String(value);
        option.textContent = String(title);
        select.appendChild(option);
      }
      select.dataset.options = wanted;
    }
    if (!options.some((option) => String(option[0]) === String(current))) {
      const option = document.createElement("option");
      option.value = String(current);
      option.textContent = String(current);
      select.appendChild(option);
      select.dataset.options = "";
    }
    select.value = String(current);
  }

  function showSettings(settings, choices) {
    fillSelect($("dataset"), choices.dataset, settings.dataset);
    fillSelect($("activation"), choices.activation, settings.activation);
    $("activation").title = activationTitle(settings.activation, choices);
    fillSelect($("loss"), choices.loss, settings.loss);
    fillSelect($("optimizer"), choices.optimizer, settings.optimizer);
    fillSelect($("learning_rate"), LEARNING_RATES.map((r) => [r, String(r)]), settings.learning_rate);
    fillSelect($("speed"), SPEEDS.map((s) => [s, s + (s === 1 ? " epoch" : " epochs") + " per update"]), settings.speed);
    for (const id of ["batch_size", "points", "seed", "noise", "train_percent"]) {
      const input = $(id);
      if (document.activeElement !== input) input.value = String(settings[id]);
    }
    $("noise-shown").textContent = String(settings.noise);
    $("train-shown").textContent = String(settings.train_percent);
    const own = settings.dataset === "yours";
    if (own) $("points").value = String(view.points.length);
    $("noise").disabled = own;
    $("points").disabled = own;
    const layers = settings.hidden.length;
    $("layer-count").textContent = layers + (layers === 1 ? " hidden layer" : " hidden layers");
  }

  // An activation's name as the page writes it ("per layer: relu, tanh" for a network of your own).
  function activationTitle(name, choices) {
    const choice = choices.activation.find((option) => option[0] === name);
    return choice ? choice[1] : name;
  }

  function onSettingChanged(event) {
    const element = event.target;
    const key = element.dataset.setting;
    let value = element.value;
    if (element.dataset.kind === "number") {
      value = Number(value);
      if (element.value.trim() === "" || !Number.isFinite(value)) {
        showError(key + " must be a number; it stays " + restoreSetting(element));
        return;
      }
    }
    configure({ [key]: value }).then((state) => { if (!state) restoreSetting(element); });
  }

  // A refused value is replaced by the setting the session has; the text shown is returned.
  function restoreSetting(element) {
    if (!view.state) return "";
    const value = String(view.state.settings[element.dataset.setting]);
    element.value = value;
    if (element.id === "noise") $("noise-shown").textContent = value;
    if (element.id === "train_percent") $("train-shown").textContent = value;
    return value;
  }

  function configure(changes) {
    return attempt(call("configure", changes)).then((state) => {
      if (!state) return refresh().then(() => null);
      clearPanelsIfRestarted(state);
      return refresh().then(() => state);
    });
  }

  function clearPanelsIfRestarted(state) {
    if (state.epoch === 0) {
      view.inspected = null;
      view.backward = null;
      showInspect(null);
      showBackward();
    }
  }

  // ------------------------------------------------------------------
  // The network: neurons with their heat maps, weights as edges.
  // ------------------------------------------------------------------

  function colour(t, gradient) {
    const c = Math.max(-1, Math.min(1, t));
    const end = c < 0 ? (gradient ? COLOURS.gradNegative : COLOURS.negative)
                      : (gradient ? COLOURS.gradPositive : COLOURS.positive);
    const a = Math.abs(c);
    return COLOURS.middle.map((m, i) => Math.round(m + (end[i] - m) * a));
  }

  function rgb(c) { return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")"; }

  function drawGrid(canvas, values, size, toShade, gradient) {
    const small = document.createElement("canvas");
    small.width = size;
    small.height = size;
    const context = small.getContext("2d");
    const image = context.createImageData(size, size);
    for (let k = 0; k < size * size; k++) {
      const c = colour(toShade(values[k]), gradient);
      image.data[4 * k] = c[0];
      image.data[4 * k + 1] = c[1];
      image.data[4 * k + 2] = c[2];
      image.data[4 * k + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    const target = canvas.getContext("2d");
    target.imageSmoothingEnabled = true;
    target.imageSmoothingQuality = "high";
    target.clearRect(0, 0, canvas.width, canvas.height);
    target.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  function largest(values) {
    let m = 0;
    for (const v of values) m = Math.max(m, Math.abs(v));
    return m;
  }

  function structureOf(state) {
    return JSON.stringify(state.network.layers.map((layer) => layer.map((n) => [n.label, n.activation, n.bias !== null])));
  }

  function drawNetwork(state) {
    const box = $("network");
    const structure = structureOf(state);
    const size = box.clientWidth + "x" + box.clientHeight;
    if (structure !== view.structure || box.dataset.size !== size) {
      buildNetwork(state);
      view.structure = structure;
      box.dataset.size = size;
    }
    styleNetwork(state);
  }

  function columnsOf(state) {
    const columns = [state.network.inputs.map((name) => ({ label: name, input: true }))];
    for (const layer of state.network.layers) columns.push(layer);
    return columns;
  }

  function buildNetwork(state) {
    const box = $("network");
    while (box.firstChild) box.removeChild(box.firstChild);
    const width = box.clientWidth;
    const height = box.clientHeight;
    const columns = columnsOf(state);
    const top = 64;
    const bottom = 16;
    const left = 44;
    const right = 44;
    const gap = (width - left - right - NEURON) / Math.max(1, columns.length - 1);
    // A badge ("dloss/dout = -2.835e-4", 22 characters of a monospaced font, about 0.6 em each)
    // fits between two columns: written smaller when the columns stand close.
    box.style.setProperty("--badge-size", Math.max(7, Math.min(10.5, (gap - 10) / (22 * 0.6))).toFixed(1) + "px");
    const positions = {};
    columns.forEach((column, c) => {
      const spacing = Math.min(NEURON + 26, (height - top - bottom - NEURON) / Math.max(1, column.length - 1));
      const used = spacing * (column.length - 1) + NEURON;
      const y0 = top + (height - top - bottom - used) / 2;
      column.forEach((neuron, j) => {
        positions[neuron.label] = { x: left + c * gap, y: y0 + j * spacing };
      });
    });

    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.classList.add("edges");
    box.appendChild(svg);

    columns.forEach((column, c) => {
      if (c === 0) return;
      const previous = columns[c - 1];
      for (const neuron of column) {
        neuron.weights.forEach((weight, i) => {
          const from = positions[previous[i].label];
          const to = positions[neuron.label];
          svg.appendChild(makeEdge(weight[0], from.x + NEURON, from.y + NEURON / 2, to.x, to.y + NEURON / 2));
        });
      }
    });

    columns.forEach((column, c) => {
      const x = positions[column[0].label].x;
      const caption = document.createElement("div");
      caption.className = "column-caption";
      caption.style.left = (x + NEURON / 2) + "px";
      caption.style.top = "0px";
      caption.textContent = c === 0 ? "inputs" : c === columns.length - 1 ? "output" : "hidden layer " + c;
      box.appendChild(caption);
      if (c > 0 && c < columns.length - 1) box.appendChild(layerButtons(c - 1, x, column.length));
      for (const neuron of column) box.appendChild(makeNeuron(neuron, positions[neuron.label]));
    });
  }

  function makeEdge(label, x1, y1, x2, y2) {
    const group = document.createElementNS(SVG, "g");
    group.classList.add("edge");
    group.dataset.label = label;
    const middle = (x1 + x2) / 2;
    const d = "M" + x1 + "," + y1 + " C" + middle + "," + y1 + " " + middle + "," + y2 + " " + x2 + "," + y2;
    const line = document.createElementNS(SVG, "path");
    line.setAttribute("d", d);
    line.classList.add("line");
    const hit = document.createElementNS(SVG, "path");
    hit.setAttribute("d", d);
    hit.classList.add("hit");
    hit.dataset.testid = "weight";
    hit.dataset.label = label;
    const title = document.createElementNS(SVG, "title");
    hit.appendChild(title);
    group.appendChild(line);
    group.appendChild(hit);
    hit.addEventListener("click", () => inspect(label));
    return group;
  }

  function makeNeuron(neuron, position) {
    const element = document.createElement("div");
    element.className = neuron.input ? "neuron input" : "neuron";
    element.dataset.label = neuron.label;
    element.style.left = position.x + "px";
    element.style.top = position.y + "px";
    const canvas = document.createElement("canvas");
    canvas.width = NEURON;
    canvas.height = NEURON;
    element.appendChild(canvas);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = neuron.label;
    element.appendChild(name);
    const badge = document.createElement("span");
    badge.className = "badge";
    element.appendChild(badge);
    if (!neuron.input && neuron.bias) {
      const bias = document.createElement("button");
      bias.type = "button";
      bias.className = "bias";
      bias.dataset.testid = "bias";
      bias.dataset.label = neuron.bias[0];
      bias.addEventListener("click", (event) => { event.stopPropagation(); inspect(neuron.bias[0]); });
      element.appendChild(bias);
      // The neuron itself opens its bias too (the square is small): dloss/db is the batch's
      // dloss/dnet of this neuron, summed, since ∂net/∂b = 1.
      element.classList.add("opens");
      element.addEventListener("click", () => inspect(neuron.bias[0]));
    }
    element.title = neuron.input ? neuron.label + ": the input coordinate over the plane"
                                 : neuron.label + ": " + neuron.activation + " neuron; its output over the plane" +
                                   (neuron.bias ? ". Click to open its bias's gradient, Σ dloss/dnet over the batch" : "");
    return element;
  }

  function layerButtons(layer, x, count) {
    const element = document.createElement("div");
    element.className = "layer-size";
    element.style.left = (x + NEURON / 2) + "px";
    const plus = document.createElement("button");
    plus.type = "button";
    plus.textContent = "+";
    plus.title = "Add a neuron to this layer";
    plus.addEventListener("click", () => changeLayer(layer, +1));
    const minus = document.createElement("button");
    minus.type = "button";
    minus.textContent = "−";
    minus.title = "Remove a neuron from this layer";
    minus.addEventListener("click", () => changeLayer(layer, -1));
    const label = document.createElement("span");
    label.textContent = count + (count === 1 ? " neuron" : " neurons");
    element.appendChild(plus);
    element.appendChild(minus);
    element.appendChild(label);
    return element;
  }

  function changeLayer(layer, change) {
    const hidden = view.state.settings.hidden.slice();
    hidden[layer] += change;
    if (hidden[layer] < 1) hidden.splice(layer, 1);
    configure({ hidden: hidden });
  }

  function changeLayers(change) {
    const hidden = view.state.settings.hidden.slice();
    if (change > 0) hidden.push(hidden.length ? hidden[hidden.length - 1] : 4); else hidden.pop();
    configure({ hidden: hidden });
  }

  function styleNetwork(state) {
    const weights = [];
    for (const layer of state.network.layers) for (const neuron of layer) for (const w of neuron.weights) weights.push(w);
    const byLabel = new Map(weights.map((w) => [w[0], w]));
    const biggestGrad = largest(weights.map((w) => w[2])) || 1;
    const onPath = new Set(view.inspectedPaths || []);
    const step = currentStep();
    for (const group of document.querySelectorAll("#network g.edge")) {
      const w = byLabel.get(group.dataset.label);
      if (!w) continue;
      const line = group.querySelector(".line");
      let strength, shade;
      if (view.gradients) {
        strength = Math.abs(w[2]) / biggestGrad;
        shade = colour(Math.sign(w[2]), true);
        line.setAttribute("stroke-width", String(0.6 + 7 * strength));
      } else {
        strength = Math.min(1, Math.abs(w[1]) / 3);
        shade = colour(Math.sign(w[1]) * Math.max(0.35, strength), false);
        line.setAttribute("stroke-width", String(0.6 + Math.min(Math.abs(w[1]), 4) * 1.8));
      }
      line.setAttribute("stroke", rgb(shade));
      group.classList.toggle("selected", group.dataset.label === view.inspected);
      group.classList.toggle("on-path", onPath.has(group.dataset.label));
      group.classList.toggle("step-edge", !!step && step.weight === group.dataset.label);
      group.querySelector("title").textContent = w[0] + ownLabel(w) + " = " + formatNumber(w[1]) +
        ",  " + w[0] + ".grad = " + formatNumber(w[2]) + " (dloss/dw of the last update, at the weights before it)." +
        "  Click to open its gradient.";
    }
    drawNeurons(state, step);
    $("network-legend").textContent = view.gradients
      ? "Gradient view: an edge's colour is the sign of w.grad, dloss/dw of the last update (teal +, pink −), its width the size beside the largest; each hidden neuron's map is d output/d neuron over the plane, each map to its own scale (full colour where it is largest)."
      : "Value view: an edge's colour is the sign of its weight (blue +, orange −), its width the size; each neuron's map is its output over the plane (" + activationTitle(state.settings.activation, state.choices) + "), full colour from ±1 on (the inputs' to their own scale).";
    if (view.inspected || view.backward) {
      $("network-legend").textContent += " Purple: the chain-rule paths of the weight opened below (dashed); red: the backward pass's current step, with the derivative of the loss reached so far at each neuron above it: dloss/dout for its output, dloss/dnet for its net input.";
    }
  }

  // A parameter's own label, when a network of the user's own gave it one other than its place.
  function ownLabel(entry) {
    return entry[3] && entry[3] !== entry[0] ? " (labelled " + JSON.stringify(entry[3]) + ")" : "";
  }

  function drawNeurons(state, step) {
    const grid = view.grid;
    const gradientGrid = view.gradients ? view.gradientGrid : null;
    const gradientsSoFar = backwardGradients();
    for (const element of document.querySelectorAll("#network .neuron")) {
      const label = element.dataset.label;
      const canvas = element.querySelector("canvas");
      if (gradientGrid && gradientGrid.neurons[label]) {
        const values = gradientGrid.neurons[label];
        const scale = largest(values) || 1;
        drawGrid(canvas, values, gradientGrid.size, (v) => v / scale, true);
      } else if (grid && grid.neurons[label]) {
        const values = grid.neurons[label];
        const scale = label.startsWith("x") ? (largest(values) || 1) : 1;
        drawGrid(canvas, values, grid.size, (v) => v / scale, false);
      }
      element.classList.toggle("step-neuron", !!step && step.neuron === label);
      const badge = element.querySelector(".badge");
      const shown = gradientsSoFar.get(label);
      badge.textContent = shown === undefined ? "" : shown;
    }
    const biases = new Map();
    for (const layer of state.network.layers) for (const neuron of layer) if (neuron.bias) biases.set(neuron.bias[0], neuron.bias);
    for (const bias of document.querySelectorAll("#network .bias")) {
      bias.classList.toggle("selected", bias.dataset.label === view.inspected);
      const entry = biases.get(bias.dataset.label);
      bias.title = "bias " + bias.dataset.label + (entry ? ownLabel(entry) : "") + ": click to open its gradient";
    }
  }

  // ------------------------------------------------------------------
  // The plane: the prediction as a heat map, and the points.
  // ------------------------------------------------------------------

  const PLANE = { left: 46, top: 6, size: 406 };

  function planeToPixel(x, y) {
    const [x0, x1, y0, y1] = view.plane;
    return [PLANE.left + (x - x0) / (x1 - x0) * PLANE.size, PLANE.top + (y1 - y) / (y1 - y0) * PLANE.size];
  }

  function pixelToPlane(px, py) {
    const [x0, x1, y0, y1] = view.plane;
    return [x0 + (px - PLANE.left) / PLANE.size * (x1 - x0), y1 - (py - PLANE.top) / PLANE.size * (y1 - y0)];
  }

  function drawPlane() {
    const canvas = $("boundary");
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, canvas.width, canvas.height);
    // Where the plane is drawn, for whoever wants to click a point (the tests do).
    canvas.dataset.plane = JSON.stringify({ left: PLANE.left, top: PLANE.top, size: PLANE.size, extent: view.plane });
    if (view.grid) {
      const area = document.createElement("canvas");
      area.width = PLANE.size;
      area.height = PLANE.size;
      drawGrid(area, view.grid.output, view.grid.size, (p) => 0.8 * (2 * p - 1), false);
      context.drawImage(area, PLANE.left, PLANE.top);
    }
    context.strokeStyle = "#999";
    context.strokeRect(PLANE.left + 0.5, PLANE.top + 0.5, PLANE.size, PLANE.size);
    drawTicks(context);
    const selected = view.backward ? view.backward.index : -1;
    view.points.forEach((point, index) => {
      const [px, py] = planeToPixel(point[0], point[1]);
      context.beginPath();
      context.arc(px, py, index === selected ? 7 : 4.2, 0, 2 * Math.PI);
      context.fillStyle = rgb(point[2] ? COLOURS.positive : COLOURS.negative);
      context.fill();
      context.lineWidth = index === selected ? 3 : 1.2;
      context.strokeStyle = index === selected ? "#111" : point[3] ? "#fff" : "#000";
      context.stroke();
    });
  }

  // The plane's scale: five numbers on each axis, each drawn whole inside the canvas (a number
  // too wide for the margin is written smaller, never cut: "-0.836" must not read "0.836").
  // Where each was drawn is left on the canvas for whoever wants to check it (the tests do).
  function drawTicks(context) {
    const [x0, x1, y0, y1] = view.plane;
    const width = context.canvas.width;
    const label = (value) => formatNumber(Number(value.toPrecision(3)));
    const drawn = [];
    const write = (text, x, y, align) => {
      context.textAlign = align;
      context.fillText(text, x, y);
      const w = context.measureText(text).width;
      const left = align === "center" ? x - w / 2 : align === "right" ? x - w : x;
      drawn.push({ text: text, left: left, right: left + w });
    };
    context.fillStyle = "#555";
    const yTexts = [0, 1, 2, 3, 4].map((k) => label(y0 + (y1 - y0) * k / 4));
    let size = 11;
    context.font = size + "px system-ui, sans-serif";
    while (size > 6 && Math.max(...yTexts.map((t) => context.measureText(t).width)) > PLANE.left - 6) {
      size -= 1;
      context.font = size + "px system-ui, sans-serif";
    }
    yTexts.forEach((text, k) => write(text, PLANE.left - 4, planeToPixel(x0, y0 + (y1 - y0) * k / 4)[1] + 4, "right"));
    context.font = "11px system-ui, sans-serif";
    for (let k = 0; k <= 4; k++) {
      const text = label(x0 + (x1 - x0) * k / 4);
      const half = context.measureText(text).width / 2;
      const px = Math.max(half + 1, Math.min(width - half - 1, planeToPixel(x0 + (x1 - x0) * k / 4, y0)[0]));
      write(text, px, PLANE.top + PLANE.size + 14, "center");
    }
    write("x0 →", PLANE.left + PLANE.size - 30, PLANE.top + PLANE.size + 26, "left");
    write("x1 ↑", 2, PLANE.top + PLANE.size + 26, "left");
    context.canvas.dataset.ticks = JSON.stringify(drawn);
  }

  function onPlaneClick(event) {
    if (!view.state) return;
    const canvas = $("boundary");
    const rect = canvas.getBoundingClientRect();
    const px = (event.clientX - rect.left) * canvas.width / rect.width;
    const py = (event.clientY - rect.top) * canvas.height / rect.height;
    const mode = document.querySelector('input[name="mode"]:checked').value;
    if (mode === "add0" || mode === "add1") {
      const [x, y] = pixelToPlane(px, py);
      attempt(call("add_point", { x: x, y: y, label: mode === "add1" ? 1 : 0 })).then((state) => { if (state) refresh(); });
      return;
    }
    const index = nearestPoint(px, py);
    if (index < 0) return;
    if (mode === "remove") {
      attempt(call("remove_point", { index: index, data_version: view.dataVersion })).then((state) => {
        if (state) { view.backward = null; showBackward(); refresh(); }
      });
    } else {
      openBackward(index);
    }
  }

  function nearestPoint(px, py) {
    let best = -1;
    let bestDistance = 12 * 12;
    view.points.forEach((point, index) => {
      const [qx, qy] = planeToPixel(point[0], point[1]);
      const d = (qx - px) * (qx - px) + (qy - py) * (qy - py);
      if (d <= bestDistance) { best = index; bestDistance = d; }
    });
    return best;
  }

  // ------------------------------------------------------------------
  // The loss curve.
  // ------------------------------------------------------------------

  function drawCurve(loss) {
    const canvas = $("curve");
    const context = canvas.getContext("2d");
    const width = canvas.width;
    const height = canvas.height;
    context.clearRect(0, 0, width, height);
    const known = (points) => points.filter((p) => p[1] !== null);
    loss = { train: known(loss.train), test: known(loss.test) };
    const all = loss.train.concat(loss.test);
    if (!all.length) return;
    const lastEpoch = Math.max(...all.map((p) => p[0]));
    const span = Math.max(1, lastEpoch);
    const top = Math.max(1e-9, ...all.map((p) => p[1]));
    const left = 44;
    const bottom = height - 16;
    const x = (e) => left + (width - left - 8) * e / span;
    const y = (v) => bottom - (bottom - 8) * v / top;
    context.strokeStyle = "#ccc";
    context.beginPath();
    context.moveTo(left, 8);
    context.lineTo(left, bottom);
    context.lineTo(width - 8, bottom);
    context.stroke();
    context.fillStyle = "#555";
    context.font = "11px system-ui, sans-serif";
    context.textAlign = "right";
    context.fillText(formatNumber(top), left - 4, 14);
    context.fillText("0", left - 4, bottom);
    context.fillText("epoch " + lastEpoch, width - 8, height - 3);
    context.textAlign = "left";
    context.fillText("0", left, height - 3);
    canvas.setAttribute("aria-label", "training and test loss by epoch, from epoch 0 to epoch " + lastEpoch +
      ", loss from 0 to " + formatNumber(top));
    const line = (points, style, dash) => {
      if (!points.length) return;
      context.strokeStyle = style;
      context.setLineDash(dash);
      context.lineWidth = 2;
      context.beginPath();
      points.forEach((p, k) => (k ? context.lineTo(x(p[0]), y(p[1])) : context.moveTo(x(p[0]), y(p[1]))));
      context.stroke();
      context.setLineDash([]);
    };
    line(loss.test, "#9aa5b1", [5, 3]);
    line(loss.train, "#2a2f36", []);
  }

  // ------------------------------------------------------------------
  // A weight's gradient.
  // ------------------------------------------------------------------

  function inspect(label, keep) {
    view.inspected = label;
    const epochAsked = view.state ? view.state.epoch : null;
    const dataAsked = view.dataVersion;
    return attempt(call("inspect", { label: label }), keep).then((result) => {
      if (!result || view.inspected !== label) return;
      view.inspectedEpoch = epochAsked;
      view.inspectedData = dataAsked;
      showInspect(result);
      if (view.state) styleNetwork(view.state);
    });
  }

  function fillList(list, lines) {
    while (list.firstChild) list.removeChild(list.firstChild);
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    }
  }

  function showInspect(result) {
    $("inspect-hint").hidden = !!result;
    $("inspect-body").hidden = !result;
    view.inspectedPaths = [];
    if (!result) return;
    const isBias = /\.b$/.test(result.key);
    // A parameter that layers share is one number drawn in several places; its derivatives go
    // by the first place, result.label.
    $("inspect-title").textContent = (isBias ? "Bias " : "Weight ") + result.key +
      (result.label !== result.key ? ", the same parameter as " + result.label + " (the layers share it)," : "") +
      (result.own_label !== result.key && result.own_label !== result.label ? " (labelled " + JSON.stringify(result.own_label) + ")" : "") +
      " = " + formatNumber(result.value);
    $("inspect-grad").textContent = "dloss/d" + result.label + " = " + formatNumber(result.grad) +
      "   at the current weights, on " + result.batch + ": what the next update on this batch would use";
    fillList($("inspect-formula"), result.formula);
    $("inspect-samples-title").textContent = "Each point's share: " + result.share;
    fillList($("inspect-samples"), result.samples.map((s, k) =>
      "point " + result.batch_indices[s.sample] + ":  " + formatNumber(s.upstream) + " · " + formatNumber(s.local) + " = " + formatNumber(s.product))
      .concat(result.sample_count > result.samples.length ? ["… and " + (result.sample_count - result.samples.length) + " more points; all of them add up to " + formatNumber(result.grad)] : []));
    const paths = result.paths;
    if (paths.count === null) {
      $("inspect-paths-title").textContent = "Chain-rule paths";
      fillList($("inspect-paths"), []);
      $("inspect-paths-note").textContent = paths.note;
    } else {
      $("inspect-paths-title").textContent = "Chain-rule paths: " + paths.count + ", their products add up to " + formatNumber(paths.total);
      fillList($("inspect-paths"), paths.shown.map((p) => p.text));
      $("inspect-paths-note").textContent = paths.note;
      const weights = new Set();
      for (const p of paths.shown) for (const w of p.weights) weights.add(w);
      view.inspectedPaths = Array.from(weights);
    }
    const update = result.last_update;
    fillList($("inspect-update"), update ? update.lines.concat(["(epoch " + update.epoch + ", a batch of " + update.batch_size + " points; the last update used " + result.key + ".grad, which differs from dloss/d" + result.label + " above, taken after it)"])
      : ["No update yet: press Step or Play."]);
  }

  // ------------------------------------------------------------------
  // One point's backward pass, step by step.
  // ------------------------------------------------------------------

  function openBackward(index, again) {
    const epochAsked = view.state.epoch;
    return attempt(call("backward", { index: index, data_version: view.dataVersion }), again).then((result) => {
      if (!result) return;
      view.backward = result;
      view.backwardEpoch = epochAsked;
      if (!again) view.stepIndex = 0;
      showBackward();
      drawPlane();
    });
  }

  function currentStep() {
    return view.backward ? view.backward.steps[view.stepIndex] : null;
  }

  function backwardGradients() {
    const shown = new Map();
    if (!view.backward) return shown;
    for (let k = 0; k <= view.stepIndex && k < view.backward.steps.length; k++) {
      const step = view.backward.steps[k];
      if (step.input_neuron) shown.set(step.input_neuron, "dloss/d" + step.input_part + " = " + formatNumber(step.grad));
    }
    return shown;
  }

  function showBackward() {
    const result = view.backward;
    $("backward-hint").hidden = !!result;
    $("backward-body").hidden = !result;
    if (!result) { $("backward-counter").textContent = ""; if (view.state) styleNetwork(view.state); return; }
    const point = result.point;
    $("backward-title").textContent = "Point " + result.index + " at (" + formatNumber(point[0]) + ", " + formatNumber(point[1]) +
      "), class " + result.label + (result.train ? ", a training point" : ", a test point") +
      ": output " + formatNumber(result.prediction) + " (P(class 1) = " + formatNumber(result.probability) + "), loss " + formatNumber(result.loss) +
      " (epoch " + view.backwardEpoch + ")";
    const list = $("backward-steps");
    fillList(list, result.steps.map((s) => s.text));
    list.querySelectorAll("li").forEach((item, k) => item.addEventListener("click", () => goToStep(k)));
    goToStep(view.stepIndex);
  }

  function goToStep(k) {
    const result = view.backward;
    if (!result || !result.steps.length) return;
    view.stepIndex = Math.max(0, Math.min(result.steps.length - 1, k));
    const items = $("backward-steps").querySelectorAll("li");
    items.forEach((item, j) => {
      item.classList.toggle("current", j === view.stepIndex);
      item.classList.toggle("done", j < view.stepIndex);
    });
    const item = items[view.stepIndex];
    if (item) {
      const list = $("backward-steps");
      list.scrollTop = Math.max(0, item.offsetTop - list.offsetTop - list.clientHeight / 2);
    }
    $("backward-counter").textContent = "step " + (view.stepIndex + 1) + " of " + result.steps.length;
    $("backward-step").textContent = result.steps[view.stepIndex].text;
    if (view.state) styleNetwork(view.state);
  }

  // ------------------------------------------------------------------
  // Buttons.
  // ------------------------------------------------------------------

  function download(answer) {
    if (!answer) return;
    const blob = new Blob([answer.text], { type: answer.format === "json" ? "application/json" : "text/x-python" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = answer.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function setView(gradients) {
    view.gradients = gradients;
    $("view-values").classList.toggle("chosen", !gradients);
    $("view-gradients").classList.toggle("chosen", gradients);
    attempt(call("view", { gradients: gradients })).then(() => refresh());
  }

  function wire() {
    $("play").addEventListener("click", () => attempt(call("play")).then((r) => { if (r) setPlaying(true); }));
    $("pause").addEventListener("click", () => attempt(call("pause")).then((r) => { if (r) setPlaying(false); }));
    $("step").addEventListener("click", () => {
      const paused = view.playing ? attempt(call("pause")) : Promise.resolve(true);
      paused.then(() => attempt(call("step"))).then((r) => { if (r) refresh(); });
    });
    $("reset").addEventListener("click", () => attempt(call("reset")).then((state) => {
      if (!state) return;
      clearPanelsIfRestarted(state);
      refresh();
    }));
    for (const element of document.querySelectorAll("[data-setting]")) element.addEventListener("change", onSettingChanged);
    $("noise").addEventListener("input", () => { $("noise-shown").textContent = $("noise").value; });
    $("train_percent").addEventListener("input", () => { $("train-shown").textContent = $("train_percent").value; });
    $("add-layer").addEventListener("click", () => changeLayers(+1));
    $("remove-layer").addEventListener("click", () => changeLayers(-1));
    $("view-values").addEventListener("click", () => setView(false));
    $("view-gradients").addEventListener("click", () => setView(true));
    $("boundary").addEventListener("click", onPlaneClick);
    $("export-json").addEventListener("click", () => attempt(call("export", { format: "json" })).then(download));
    $("export-python").addEventListener("click", () => attempt(call("export", { format: "python" })).then(download));
    $("backward-first").addEventListener("click", () => goToStep(0));
    $("backward-prev").addEventListener("click", () => goToStep(view.stepIndex - 1));
    $("backward-next").addEventListener("click", () => goToStep(view.stepIndex + 1));
    $("backward-last").addEventListener("click", () => goToStep(view.backward ? view.backward.steps.length - 1 : 0));
    $("error-close").addEventListener("click", hideError);
    document.addEventListener("keydown", (event) => {
      if (!view.backward || /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) return;
      if (event.key === "ArrowRight") goToStep(view.stepIndex + 1);
      if (event.key === "ArrowLeft") goToStep(view.stepIndex - 1);
    });
    if (canHandBack) {
      $("done").hidden = false;
      $("done").addEventListener("click", () => attempt(call("done")).then((r) => {
        if (!r) return;
        view.finished = true;
        setEnabled(false);
        showNotice("The model was handed back to Python. You can close this page.");
      }));
    }
    // The network is laid out again when its box changes size: with the window, or when the
    // legend under it takes another line.
    let resizing = null;
    const relayout = () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (view.state) drawNetwork(view.state); }, 100);
    };
    window.addEventListener("resize", relayout);
    if (window.ResizeObserver) new ResizeObserver(relayout).observe($("network"));
  }

  wire();
  connect();
})();
