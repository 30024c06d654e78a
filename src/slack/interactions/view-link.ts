// The View button is a link; Slack still tells us of the click. Nothing to do: answered silently.
export async function viewClicked(): Promise<void> {}
