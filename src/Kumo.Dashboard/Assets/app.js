// Kumo dashboard: the little script the pages need (no framework). Everything the API sends is put
// on the page with textContent, never as HTML, so names and console output show as text.
"use strict";

(() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

  // Confirmation for every button with data-confirm, in the page's <dialog>.
  let confirmed = null;
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-confirm]");
    if (!button || button === confirmed) return;
    event.preventDefault();
    const dialog = document.getElementById("confirm");
    const form = button.form;
    document.getElementById("confirm-text").textContent = `${button.dataset.confirm} ${button.dataset.name ?? form?.dataset.name ?? ""}?`;
    dialog.returnValue = "";
    dialog.onclose = () => {
      if (dialog.returnValue !== "ok" || !form) return;
      confirmed = button;
      form.requestSubmit(button);
    };
    dialog.showModal();
    document.getElementById("confirm-ok").focus();
  });

  const setStatus = (el, status) => {
    el.textContent = status;
    el.className = "status s-" + status.toLowerCase();
  };

  const age = (created) => {
    const seconds = (Date.now() - Date.parse(created)) / 1000;
    if (!isFinite(seconds)) return "";
    if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
    if (seconds < 172800) return `${Math.floor(seconds / 3600)} h`;
    return `${Math.floor(seconds / 86400)} d`;
  };

  const enableActions = (root, status) => {
    for (const button of root.querySelectorAll("button[data-when]")) {
      button.disabled = !(button.dataset.when === "*" || button.dataset.when === status);
    }
  };

  // Reconnects with a growing pause (EventSource's own retry is immediate and endless).
  const follow = (url, handlers, onState) => {
    let pause = 1000;
    const open = () => {
      const source = new EventSource(url);
      source.onopen = () => { pause = 1000; onState?.("live"); };
      for (const [kind, handle] of Object.entries(handlers)) {
        source.addEventListener(kind, (e) => handle(JSON.parse(e.data), source));
      }
      source.onerror = () => {
        source.close();
        onState?.("reconnecting");
        setTimeout(open, pause);
        pause = Math.min(pause * 2, 30000);
      };
    };
    open();
  };

  // A live stream that finds the token revoked ends the session, except while the page is leaving on
  // its own: the logout revokes the token before its redirect, and "session expired" would be wrong.
  let leaving = false;
  document.querySelector('form[action="/logout"]')?.addEventListener("submit", () => { leaving = true; });
  window.addEventListener("pagehide", () => { leaving = true; });
  const expired = () => { if (!leaving) location.href = "/login?expired=1"; };

  // The server list, live.
  const table = document.getElementById("servers");
  if (table?.dataset.live) {
    const body = table.tBodies[0];
    const template = document.getElementById("row-template");
    const live = document.getElementById("live");
    const nameFilter = (table.dataset.filterName ?? "").toLowerCase();
    const statusFilter = table.dataset.filterStatus ?? "";
    const matches = (s) => (!nameFilter || s.name.toLowerCase().includes(nameFilter)) && (!statusFilter || s.status === statusFilter);
    const empty = () => { document.getElementById("empty").hidden = body.rows.length > 0; };
    const fill = (row, s) => {
      row.dataset.id = s.id;
      row.dataset.status = s.status;
      row.dataset.created = s.created;
      const cell = (col) => row.querySelector(`[data-col="${col}"]`);
      const link = cell("name").querySelector("a");
      link.textContent = s.name;
      link.href = "/servers/" + encodeURIComponent(s.id);
      const status = cell("status");
      setStatus(status.querySelector(".status"), s.status);
      let task = status.querySelector(".task");
      if (!task) { task = document.createElement("span"); task.className = "task"; status.append(task); }
      task.textContent = s.task ?? "";
      task.hidden = !s.task;
      let fault = status.querySelector(".fault");
      if (!fault) { fault = document.createElement("div"); fault.className = "fault"; status.append(fault); }
      fault.textContent = s.fault ?? "";
      fault.hidden = !s.fault;
      cell("power").textContent = s.power;
      cell("addresses").textContent = s.addresses;
      cell("flavor").textContent = s.flavor;
      cell("image").textContent = s.image;
      cell("age").textContent = age(s.created);
      const actions = cell("actions");
      for (const button of actions.querySelectorAll("button")) {
        button.formAction = `/servers/${encodeURIComponent(s.id)}/action`;
        button.dataset.name = s.name;
      }
      enableActions(actions, s.status);
    };
    follow(table.dataset.live, {
      server: (s) => {
        let row = body.querySelector(`tr[data-id="${CSS.escape(s.id)}"]`);
        if (!row) {
          if (!matches(s)) return;
          row = template.content.firstElementChild.cloneNode(true);
          body.prepend(row);
        }
        fill(row, s);
        empty();
      },
      gone: (g) => { body.querySelector(`tr[data-id="${CSS.escape(g.id)}"]`)?.remove(); empty(); },
      ids: (all) => {
        const present = new Set(all.ids);
        for (const row of [...body.rows]) if (!present.has(row.dataset.id)) row.remove();
        empty();
      },
      expired,
      failed: (f) => { live.textContent = f.message; },
    }, (state) => { live.textContent = state; live.dataset.state = state; });
    setInterval(() => {
      for (const row of body.rows) row.querySelector('[data-col="age"]').textContent = age(row.dataset.created);
    }, 10000);
  }

  // One server, live: overview, console, actions and the build timeline.
  const detail = document.getElementById("detail");
  if (detail?.dataset.live) {
    const consoleEl = document.getElementById("console");
    follow(detail.dataset.live, {
      server: (s) => {
        setStatus(document.getElementById("server-status"), s.status);
        for (const field of ["status", "power", "addresses"]) detail.querySelector(`[data-field="${field}"]`).textContent = s[field];
        detail.querySelector('[data-field="task"]').textContent = s.task ?? "none";
        const fault = detail.querySelector('[data-field="fault"]');
        fault.textContent = s.fault ?? "";
        fault.hidden = !s.fault;
        const actions = document.querySelector(".heading .actions");
        if (actions) enableActions(actions, s.status);
      },
      console: (c) => {
        const atBottom = consoleEl.scrollTop + consoleEl.clientHeight >= consoleEl.scrollHeight - 4;
        consoleEl.textContent = c.output;
        if (atBottom) consoleEl.scrollTop = consoleEl.scrollHeight;
      },
      actions: (actions) => { renderActions(actions); renderTimeline(actions); },
      gone: (_, source) => { source.close(); location.href = "/servers"; },
      expired,
    });
  }

  const td = (text, className) => {
    const cell = document.createElement("td");
    cell.textContent = text ?? "";
    if (className) cell.className = className;
    return cell;
  };

  // Nova's times are UTC with microseconds and no zone ("2026-12-01T14:00:00.123456"); a build's
  // steps often differ by less than a millisecond, which Date.parse would drop.
  const micros = (t) => {
    const [whole, fraction = ""] = t.split(".");
    return Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6));
  };
  const seconds = (start, finish) => (micros(finish) - micros(start)) / 1e6;

  function renderActions(actions) {
    const body = document.querySelector("#actions tbody");
    body.replaceChildren(...actions.map((a) => {
      const row = document.createElement("tr");
      const events = (a.events ?? []).map((e) =>
        `${e.event}: ${e.result ?? "running"}${e.finish_time ? ` (${seconds(e.start_time, e.finish_time).toFixed(2)} s)` : ""}`).join("; ");
      row.append(td(a.action), td(a.request_id, "mono"), td(a.start_time), td(events || (a.message ?? "")));
      return row;
    }));
  }

  // One bar per event of the create action, placed on a common time axis (microseconds), in the
  // order the steps started; the API lists them newest first, so a tie keeps the older one first.
  function renderTimeline(actions) {
    const create = actions.find((a) => a.action === "create");
    const chart = document.getElementById("timeline");
    const tbody = document.querySelector("#timeline-table tbody");
    const listed = (create?.events ?? []).filter((e) => e.start_time);
    const events = listed.map((e, i) => ({ e, i })).sort((x, y) => micros(x.e.start_time) - micros(y.e.start_time) || y.i - x.i).map((x) => x.e);
    if (events.length === 0) {
      // Before microversion 2.51 Nova shows the events of an action to admins only.
      chart.textContent = !create ? "This server has no create action."
        : create.events === undefined ? "The events of an action are shown to admins only (Nova before microversion 2.51)."
        : "The create action has no events yet.";
      tbody.replaceChildren();
      return;
    }
    const now = Date.now() * 1000;
    const t0 = micros(events[0].start_time);
    const end = (e) => e.finish_time ? micros(e.finish_time) : now;
    const span = Math.max(1, Math.max(...events.map(end)) - t0);
    // A fake-driver step takes microseconds, a real spawn seconds: milliseconds below one second.
    const duration = (e) => {
      const us = end(e) - micros(e.start_time);
      return us < 1e6 ? `${(us / 1000).toFixed(us < 1e4 ? 2 : 0)} ms` : `${(us / 1e6).toFixed(3)} s`;
    };
    chart.replaceChildren(...events.map((e) => {
      const bar = document.createElement("div");
      bar.className = "bar-row";
      const label = document.createElement("span");
      label.className = "bar-label";
      label.textContent = e.event;
      const time = document.createElement("span");
      time.className = "bar-time";
      time.textContent = e.finish_time ? duration(e) : "running";
      const track = document.createElement("span");
      track.className = "bar-track";
      const fill = document.createElement("span");
      fill.className = "bar" + (e.result === "Error" ? " bar-error" : e.finish_time ? "" : " bar-running");
      fill.style.marginLeft = `${((micros(e.start_time) - t0) / span) * 100}%`;
      fill.style.width = `${Math.max(0.5, ((end(e) - micros(e.start_time)) / span) * 100)}%`;
      fill.title = `${e.event}: ${duration(e)}`;
      track.append(fill);
      bar.append(label, track, time);
      return bar;
    }));
    tbody.replaceChildren(...events.map((e) => {
      const row = document.createElement("tr");
      row.append(td(e.event), td(e.start_time), td(e.finish_time ? duration(e) : "running"), td(e.result ?? ""));
      return row;
    }));
  }

  // Image upload with its progress: the file goes as the request body, streamed on to Glance.
  const upload = document.getElementById("upload");
  upload?.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = upload.querySelector("#up-file").files[0];
    const progress = document.getElementById("up-progress");
    const status = document.getElementById("up-status");
    if (!file) { status.textContent = "Choose a file."; return; }
    const params = new URLSearchParams({
      name: upload.querySelector("#up-name").value,
      disk_format: upload.querySelector("#up-disk").value,
      container_format: upload.querySelector("#up-container").value,
    });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${upload.dataset.upload}&${params}`);
    xhr.setRequestHeader("RequestVerificationToken", csrf());
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    progress.hidden = false;
    progress.value = 0;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = (e.loaded / e.total) * 100; };
    xhr.onload = () => {
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch { answer = { message: `HTTP ${xhr.status}` }; }
      status.textContent = answer.message ?? `HTTP ${xhr.status}`;
      if (xhr.status < 300) setTimeout(() => location.reload(), 800);
    };
    xhr.onerror = () => { status.textContent = "The upload failed (connection lost)."; };
    status.textContent = `Uploading ${file.name}…`;
    xhr.send(file);
  });
})();
