// Clicks on elements the store marks with data-kairos-track="NAME".

/** Call `onClicked(name)` for each click inside an element with data-kairos-track. */
export function onTrackedClick(onClicked) {
  document.addEventListener("click", (event) => {
    const target = event.target && event.target.closest && event.target.closest("[data-kairos-track]");
    if (target) onClicked(target.getAttribute("data-kairos-track"));
  }, true);
}
