import { ChatScreen } from './ChatScreen';
import { SignIn } from './SignIn';
import { useDocumentTitle } from './useDocumentTitle';
import { useSession } from './useSession';

/** Sign-in screen until a name is chosen, then the chat. */
export function App() {
  const session = useSession();
  useDocumentTitle();
  if (!session.identity) return <SignIn error={session.error} onSignIn={session.signIn} />;
  return <ChatScreen identity={session.identity} onSignOut={session.signOut} />;
}
