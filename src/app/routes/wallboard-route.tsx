import { Link, getRouteApi } from '@tanstack/react-router';
import { WallboardScreen } from '@/features/wallboard/components/wallboard-screen';

const displayRoute = getRouteApi('/wallboard/d/$token');

/** The signed-in user's wallboard: every queue in their scope, with a way back to the app. */
export function WallboardRoute() {
  return (
    <WallboardScreen
      token={null}
      corner={
        <Link to="/queues" className="font-semibold text-fg underline underline-offset-4">
          Exit wallboard
        </Link>
      }
    />
  );
}

/** A TV's wallboard, opened by its display link: no sign-in, ever. */
export function WallboardDisplayRoute() {
  const { token } = displayRoute.useParams();
  return <WallboardScreen token={token} />;
}
