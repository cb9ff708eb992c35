import { type FormEvent, useState } from 'react';

/** The first screen: pick a name. Any name works against the local server's development tokens. */
export function SignIn({ error, onSignIn }: { error: string | null; onSignIn: (name: string) => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setProblem('Type a name to sign in.');
    if (trimmed.includes('#')) return setProblem('Names cannot contain "#".');
    onSignIn(trimmed);
  }

  const message = problem ?? error;
  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit}>
        <h1>Chat</h1>
        <p className="muted">
          Sign in with any name. Open a second window with another name to chat with yourself.
        </p>
        <label className="field">
          <span>Your name</span>
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="username"
            maxLength={128}
            // biome-ignore lint/a11y/noAutofocus: the only field of the screen
            autoFocus
          />
        </label>
        {message && (
          <p className="error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
