// A "print" button: any element with data-print opens the browser's print dialog (A4 via print CSS).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
