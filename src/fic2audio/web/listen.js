"use strict";
// The read-along page: audio, chapters (click to jump) and the WebVTT transcript, highlighted as it plays.
const audio = document.getElementById("player");
const transcript = document.getElementById("transcript");
const chapterList = document.getElementById("chapters");
const now = document.getElementById("now");
const follow = document.getElementById("follow");
let cues = [];       // {start, end, item}
let chapters = [];   // {start, end, title, item}
let currentCue = -1;
let currentChapter = -1;

function formatTime(seconds) {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
}

function seek(seconds) {
  audio.currentTime = seconds;
  update();
}

// The last entry whose start is at or before t (entries are in time order).
function indexAt(entries, t) {
  let low = 0, high = entries.length - 1, found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (entries[mid].start <= t + 0.0005) { found = mid; low = mid + 1; } else { high = mid - 1; }
  }
  return found;
}

function mark(entries, index, previous) {
  if (index === previous) return previous;
  if (previous >= 0) { entries[previous].item.classList.remove("current"); entries[previous].item.removeAttribute("aria-current"); }
  if (index >= 0) { entries[index].item.classList.add("current"); entries[index].item.setAttribute("aria-current", "true"); }
  return index;
}

function update() {
  const t = audio.currentTime;
  const cue = indexAt(cues, t);  // in the pause after a line, that line stays lit until the next starts
  const changed = cue !== currentCue;
  currentCue = mark(cues, cue, currentCue);
  if (changed && currentCue >= 0 && follow.checked && !transcript.contains(document.activeElement)) {
    cues[currentCue].item.scrollIntoView({ block: "nearest" });
  }
  const chapter = indexAt(chapters, t);
  if (chapter !== currentChapter) {
    currentChapter = mark(chapters, chapter, currentChapter);
    if (currentChapter >= 0) now.textContent = "Chapter: " + chapters[currentChapter].title;
  }
}

function button(label, seconds, text) {
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.start = String(seconds);
  b.setAttribute("aria-label", text + ", " + label + " at " + formatTime(seconds));
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = formatTime(seconds);
  time.setAttribute("aria-hidden", "true");
  b.append(time, document.createTextNode(" "));
  b.addEventListener("click", () => seek(seconds));
  return b;
}

function loadTranscript(track) {
  transcript.replaceChildren();
  cues = Array.from(track.cues).map((cue) => {
    const item = document.createElement("li");
    const speaker = /^<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(cue.text);
    const text = cue.getCueAsHTML().textContent;
    const b = button("line", cue.startTime, (speaker ? speaker[1] + ": " : "") + text);
    if (speaker) {
      const who = document.createElement("span");
      who.className = "speaker";
      who.textContent = speaker[1] + ": ";
      b.append(who);
    }
    const words = document.createElement("span");
    words.className = "text";
    words.textContent = text;
    b.append(words);
    item.append(b);
    item.dataset.start = String(cue.startTime);
    item.dataset.end = String(cue.endTime);
    transcript.append(item);
    return { start: cue.startTime, end: cue.endTime, item };
  });
  transcript.dataset.ready = "true";
  currentCue = -1;
  update();
}

function loadChapters(data) {
  chapters = data.chapters.map((chapter) => {
    const item = document.createElement("li");
    const b = button("chapter", chapter.startTime, chapter.title);
    b.append(document.createTextNode(chapter.title));
    item.append(b);
    chapterList.append(item);
    return { start: chapter.startTime, end: chapter.endTime, title: chapter.title, item };
  });
  chapterList.dataset.ready = "true";
  update();
}

(async () => {
  const file = new URLSearchParams(location.search).get("book");
  const library = await (await fetch("library.json")).json();
  const book = library.books.find((b) => b.file === file);
  if (!book) {
    document.getElementById("title").textContent = "Audiobook not found";
    return;
  }
  document.title = book.title + " — listen";
  document.getElementById("title").textContent = book.title;
  document.getElementById("byline").textContent = book.author ? "by " + book.author : "";
  if (book.cover) {
    const cover = document.getElementById("cover");
    cover.src = encodeURIComponent(book.cover);
    cover.alt = "Cover of " + book.title;
    cover.hidden = false;
  }
  audio.src = encodeURIComponent(book.file);
  if (book.transcript) {
    const track = document.createElement("track");
    track.kind = "captions";
    track.srclang = "en";
    track.label = "Transcript";
    track.src = encodeURIComponent(book.transcript);
    track.default = true;
    track.addEventListener("load", () => loadTranscript(track.track));
    audio.append(track);
    track.track.mode = "hidden";  // loaded and timed, but drawn by this page rather than over the player
  }
  if (book.chapters) {
    const response = await fetch(encodeURIComponent(book.chapters));
    if (response.ok) loadChapters(await response.json());
  }
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
})();
