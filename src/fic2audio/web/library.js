"use strict";
// The library page: one entry per audiobook, from library.json.
(async () => {
  const status = document.getElementById("status");
  const list = document.getElementById("books");
  try {
    const response = await fetch("library.json");
    if (!response.ok) throw new Error(response.status);
    const library = await response.json();
    const feed = document.getElementById("feed-url");
    feed.href = library.feed;
    feed.textContent = library.feed;
    for (const book of library.books) {
      const item = document.createElement("li");
      if (book.cover) {
        const img = document.createElement("img");
        img.src = encodeURIComponent(book.cover);
        img.alt = "";
        img.width = 96;
        img.height = 96;
        item.append(img);
      }
      const link = document.createElement("a");
      link.href = "listen?book=" + encodeURIComponent(book.file);
      link.textContent = book.title;
      const heading = document.createElement("h2");
      heading.append(link);
      const about = document.createElement("p");
      about.textContent = [book.author && "by " + book.author, formatTime(book.duration), book.file.split(".").pop().toUpperCase()]
        .filter(Boolean).join(" · ");
      const text = document.createElement("div");
      text.append(heading, about);
      if (book.summary) {
        const summary = document.createElement("p");
        summary.textContent = book.summary;
        text.append(summary);
      }
      item.append(text);
      list.append(item);
    }
    const count = library.books.length;
    status.textContent = count === 0 ? "No audiobooks yet." : count === 1 ? "1 audiobook" : count + " audiobooks";
  } catch (error) {
    status.textContent = "Could not load the library (" + error.message + ").";
  }
})();

function formatTime(seconds) {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
}
