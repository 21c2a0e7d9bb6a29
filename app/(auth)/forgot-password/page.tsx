import { Link } from '@/components/ui/link';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';

export default function ForgotPasswordPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-slate-500">We will email you a link that works once and expires in 30 minutes.</p>
      </div>
      <ForgotPasswordForm />
      <Link href="/login" className="block text-center text-sm text-brand-700 hover:underline">
        Back to sign in
      </Link>
    </div>
  );
}
